package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Connectors an operator paused; they stay paused across restarts (and on every node) until resumed. */
@Component
public class ConnectorPauses {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ConnectorPauses(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Who paused a connector, when and why. */
    public record Pause(String pausedBy, String reason, OffsetDateTime pausedAt) {
    }

    public void pause(String department, String connector, String by, String reason) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (jdbc.update("update connector_pause set paused_by = ?, reason = ?, paused_at = ? where department = ? and connector = ?",
                by, reason, now, department, connector) == 0) {
            jdbc.update("insert into connector_pause (department, connector, paused_by, reason, paused_at) values (?,?,?,?,?)",
                    department, connector, by, reason, now);
        }
    }

    public void resume(String department, String connector) {
        jdbc.update("delete from connector_pause where department = ? and connector = ?", department, connector);
    }

    public Optional<Pause> find(String department, String connector) {
        return jdbc.query("select paused_by, reason, paused_at from connector_pause where department = ? and connector = ?",
                (rs, i) -> new Pause(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)), department, connector)
                .stream().findFirst();
    }
}
