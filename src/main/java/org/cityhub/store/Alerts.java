package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Alerts for operators: something the hub refused or cannot resolve on its own. The same alert
 * (department, kind, message) raised again is counted on the existing row, not repeated; each raise is
 * logged at ERROR and counted in the metric {@code cityhub.alerts} (tags department, kind).
 */
@Component
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MeterRegistry meters;

    public Alerts(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
    }

    /** An alert as stored. */
    public record Alert(long id, String department, String kind, String message, long occurrences, OffsetDateTime firstAt,
                        OffsetDateTime lastAt) {
    }

    public void raise(String department, String kind, String message) {
        String text = message.length() <= 2000 ? message : message.substring(0, 1999) + "…";
        OffsetDateTime now = OffsetDateTime.now(clock);
        log.error("ALERT {} {}: {}", kind, department, text);
        meters.counter("cityhub.alerts", "department", department == null ? "" : department, "kind", kind).increment();
        int n = jdbc.update("update alert set occurrences = occurrences + 1, last_at = ? where kind = ? and message = ?"
                + " and (department = ? or (department is null and ? is null))", now, kind, text, department, department);
        if (n == 0) {
            jdbc.update("insert into alert (department, kind, message, occurrences, first_at, last_at) values (?,?,?,1,?,?)",
                    department, kind, text, now, now);
        }
    }

    /** The most recent alerts first, optionally of one department. */
    public List<Alert> recent(String department, int limit) {
        String where = department == null ? "" : " where department = ?";
        Object[] args = department == null ? new Object[0] : new Object[] {department};
        return jdbc.query("select * from alert" + where + " order by last_at desc, id desc",
                ps -> {
                    for (int i = 0; i < args.length; i++) {
                        ps.setObject(i + 1, args[i]);
                    }
                    ps.setMaxRows(limit);
                },
                (rs, i) -> new Alert(rs.getLong("id"), rs.getString("department"), rs.getString("kind"), rs.getString("message"),
                        rs.getLong("occurrences"), rs.getObject("first_at", OffsetDateTime.class),
                        rs.getObject("last_at", OffsetDateTime.class)));
    }
}
