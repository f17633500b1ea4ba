package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The call-out audit log: who called which department operation when, how long it took and how it ended.
 * Request and answer bodies are kept only for operations that allow it (they may carry personal data).
 */
@Component
public class CalloutAudit {

    /**
     * One call as recorded.
     *
     * @param caller       the authenticated principal, else the X-Cityhub-Caller header, else "anonymous"
     * @param outcome      OK, TIMEOUT, BREAKER_OPEN, REJECTED, UNAVAILABLE, FAULT or BAD_REQUEST
     * @param detail       why it did not end OK (the department's fault, the request field), null when OK
     * @param requestBody  the caller's body, or null when the operation does not allow keeping it
     * @param responseBody the answer given to the caller, or null likewise
     */
    public record Entry(long id, OffsetDateTime calledAt, String caller, String department, String operation, long durationMillis,
                        String outcome, int httpStatus, String detail, String requestBody, String responseBody) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public CalloutAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records one call that started at {@code calledAt}. */
    public void record(OffsetDateTime calledAt, String caller, String department, String operation, long durationMillis,
                       String outcome, int httpStatus, String detail, String requestBody, String responseBody) {
        jdbc.update("insert into callout_audit (called_at, caller, department, operation, duration_ms, outcome, http_status,"
                        + " detail, request_body, response_body) values (?,?,?,?,?,?,?,?,?,?)",
                calledAt, cut(caller, 200), department, operation, durationMillis, outcome, httpStatus, cut(detail, 2000),
                requestBody, responseBody);
    }

    /** The time calls are stamped with. */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The latest calls, newest first, optionally of one department and operation. */
    public List<Entry> recent(String department, String operation, int limit) {
        StringBuilder sql = new StringBuilder("select id, called_at, caller, department, operation, duration_ms, outcome, http_status,"
                + " detail, request_body, response_body from callout_audit where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (department != null) {
            sql.append(" and department = ?");
            args.add(department);
        }
        if (operation != null) {
            sql.append(" and operation = ?");
            args.add(operation);
        }
        sql.append(" order by id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10),
                rs.getString(11)), args.toArray());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
