package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How far each polling source has read; moved only after a batch is durably accepted. */
@Component
public class Watermarks {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Watermarks(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A position in a source: the watermark column's value (as text) and the key of the last row
     * with that value, the tie-break for rows sharing a watermark.
     */
    public record Mark(String value, String key, long rowsAccepted) {
    }

    public Optional<Mark> get(String department, String connector) {
        return jdbc.query("select mark_value, mark_key, rows_accepted from source_watermark where department = ? and connector = ?",
                (rs, i) -> new Mark(rs.getString(1), rs.getString(2), rs.getLong(3)), department, connector)
                .stream().findFirst();
    }

    public void put(String department, String connector, Mark mark) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.update("update source_watermark set mark_value = ?, mark_key = ?, rows_accepted = ?, updated_at = ?"
                + " where department = ? and connector = ?", mark.value(), mark.key(), mark.rowsAccepted(), now, department, connector);
        if (updated == 0) {
            jdbc.update("insert into source_watermark (department, connector, mark_value, mark_key, rows_accepted, updated_at)"
                    + " values (?,?,?,?,?,?)", department, connector, mark.value(), mark.key(), mark.rowsAccepted(), now);
        }
    }
}
