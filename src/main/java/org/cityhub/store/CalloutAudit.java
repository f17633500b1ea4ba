package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The call-out audit log: who called which department operation when, how long it took and how it ended.
 * Request and answer bodies are kept only for operations that allow it (they may carry personal data).
 */
@Component
public class CalloutAudit implements org.springframework.beans.factory.DisposableBean {

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

    private static final String INSERT = "insert into callout_audit (called_at, caller, department, operation, duration_ms, outcome,"
            + " http_status, detail, request_body, response_body) values (?,?,?,?,?,?,?,?,?,?)";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final BatchedInserts writes;

    public CalloutAudit(JdbcTemplate jdbc, Clock clock, ObjectProvider<MeterRegistry> meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.writes = new BatchedInserts("cityhub.callout_audit", jdbc, INSERT, 10_000, 1000,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                r -> r[2] + "/" + r[3] + " by " + r[1] + " at " + r[0] + " (" + r[5] + ")");
    }

    /**
     * Records one call that started at {@code calledAt}: queued and inserted with others in one commit, as the
     * access log is (see {@link BatchedInserts} for what a hard crash can lose); {@link #recent} sees it.
     */
    public void record(OffsetDateTime calledAt, String caller, String department, String operation, long durationMillis,
                       String outcome, int httpStatus, String detail, String requestBody, String responseBody) {
        writes.add(new Object[] {calledAt, cut(caller, 200), department, operation, durationMillis, outcome, httpStatus,
                cut(detail, 2000), requestBody, responseBody});
    }

    /** Writes out the queue; calls recorded from here on are inserted by their callers. */
    @Override
    public void destroy() {
        writes.close();
    }

    /** The time calls are stamped with. */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The latest calls, newest first, optionally of one department and operation. */
    public List<Entry> recent(String department, String operation, int limit) {
        writes.flush(java.time.Duration.ofSeconds(5));
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
