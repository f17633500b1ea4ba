package org.cityhub.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The access log (table {@code access_log}): append-only, read by auditors through {@code GET /api/v1/audit}.
 * Written by the security package's access-log filter; nothing here updates or deletes.
 */
@Component
public class AccessLog {

    /** One request as logged. {@code client} is null for a request without valid credentials. */
    public record Entry(long id, OffsetDateTime at, String client, String actor, String roles, String remoteAddr, String method,
                        String path, String department, int status, String outcome, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AccessLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String client, String actor, String roles, String remoteAddr, String method, String path, String department,
                       int status, String outcome, String detail) {
        jdbc.update("insert into access_log (at, client, actor, roles, remote_addr, method, path, department, status, outcome, detail)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Timestamp.from(clock.instant()), cut(client, 64), cut(actor, 100), cut(roles, 100), cut(remoteAddr, 64), cut(method, 10),
                cut(path, 2000), cut(department, 32), status, outcome, cut(detail, 2000));
    }

    /**
     * Entries newest first, before {@code beforeId} when given, filtered by client, department and outcome
     * (each optional), at most {@code limit}; {@code departments} (when not null) restricts to those departments.
     */
    public List<Entry> query(String client, String department, String outcome, Long beforeId, int limit,
                             java.util.Collection<String> departments) {
        StringBuilder sql = new StringBuilder("select * from access_log where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (client != null) {
            sql.append(" and client = ?");
            args.add(client);
        }
        if (department != null) {
            sql.append(" and department = ?");
            args.add(department);
        }
        if (outcome != null) {
            sql.append(" and outcome = ?");
            args.add(outcome);
        }
        if (beforeId != null) {
            sql.append(" and id < ?");
            args.add(beforeId);
        }
        if (departments != null) {
            if (departments.isEmpty()) {
                return List.of();
            }
            sql.append(" and department in (").append(String.join(",", departments.stream().map(d -> "?").toList())).append(")");
            args.addAll(departments);
        }
        sql.append(" order by id desc");
        sql.append(" limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> new Entry(rs.getLong("id"),
                rs.getTimestamp("at").toInstant().atOffset(ZoneOffset.UTC), rs.getString("client"), rs.getString("actor"),
                rs.getString("roles"), rs.getString("remote_addr"), rs.getString("method"), rs.getString("path"),
                rs.getString("department"), rs.getInt("status"), rs.getString("outcome"), rs.getString("detail")), args.toArray());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
