package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The audit trail of admin actions on departments: who did what, why, from which state to which, and whether it was done. */
@Component
public class DepartmentAudit {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DepartmentAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One admin action. {@code outcome} is DONE or REFUSED; {@code detail} says why it was refused or what it did. */
    public record Entry(long id, String department, String action, String actor, String reason, String fromState,
                        String toState, String outcome, String detail, OffsetDateTime at) {
    }

    public Entry record(String department, String action, String actor, String reason, String fromState, String toState,
                        String outcome, String detail) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.update("insert into department_audit (department, action, actor, reason, from_state, to_state, outcome, detail, at)"
                        + " values (?,?,?,?,?,?,?,?,?)", department, action, cut(actor, 100), cut(reason, 2000), fromState, toState,
                outcome, cut(detail, 4000), now);
        Long id = jdbc.queryForObject("select max(id) from department_audit where department = ?", Long.class, department);
        return new Entry(id, department, action, actor, reason, fromState, toState, outcome, detail, now);
    }

    /** A department's audit trail, newest first. */
    public List<Entry> of(String department, int limit) {
        return jdbc.query("select * from department_audit where department = ? order by id desc",
                ps -> {
                    ps.setString(1, department);
                    ps.setMaxRows(limit);
                },
                (rs, i) -> new Entry(rs.getLong("id"), rs.getString("department"), rs.getString("action"), rs.getString("actor"),
                        rs.getString("reason"), rs.getString("from_state"), rs.getString("to_state"), rs.getString("outcome"),
                        rs.getString("detail"), rs.getObject("at", OffsetDateTime.class)));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
