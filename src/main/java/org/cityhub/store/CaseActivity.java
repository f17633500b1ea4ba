package org.cityhub.store;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What changed lately in the exchange store, for people watching it: the latest case versions (the
 * change feed read from its end) and how many versions were recorded since a given time. Read-only.
 */
@Component
public class CaseActivity {

    private final JdbcTemplate jdbc;

    public CaseActivity(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One recorded case version, without its document. */
    public record Change(long seq, String supervisionCode, String department, String status, int version, String connector,
                         OffsetDateTime recordedAt) {
    }

    /** The most recent changes first (the feed's end). */
    public List<Change> latest(int limit) {
        return jdbc.query("select seq, supervision_code, department, status, version, connector, recorded_at from case_version"
                        + " order by seq desc",
                ps -> ps.setMaxRows(limit),
                (rs, i) -> new Change(rs.getLong("seq"), rs.getString("supervision_code"), rs.getString("department"),
                        rs.getString("status"), rs.getInt("version"), rs.getString("connector"),
                        rs.getObject("recorded_at", OffsetDateTime.class)));
    }

    /** When each change since {@code since} was recorded, oldest first (bucketed by the caller). */
    public List<OffsetDateTime> recordedSince(OffsetDateTime since) {
        return jdbc.query("select recorded_at from case_version where recorded_at >= ? order by seq",
                (rs, i) -> rs.getObject("recorded_at", OffsetDateTime.class), since);
    }
}
