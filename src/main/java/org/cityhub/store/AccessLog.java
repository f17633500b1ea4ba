package org.cityhub.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The access log (table {@code access_log}): append-only, read by auditors through {@code GET /api/v1/audit}.
 * Written by the security package's access-log filter; nothing here updates or deletes.
 *
 * <p><b>How entries are written</b> ({@link BatchedInserts}): {@link #record} queues the entry in memory (at most
 * {@value #CAPACITY}) and returns; one thread inserts what is queued, many entries per commit. A full queue makes
 * the request insert its own entry, so none is dropped for lack of room; an entry that cannot be inserted is
 * logged at ERROR and counted ({@code cityhub.access_log.failed}), as before. {@link #query} first waits for the
 * entries queued before it: an auditor sees every request recorded before the read. (A request is recorded by
 * {@code AccessLogFilter} once it has answered, as only then is its status known, so a client that reads the log
 * the instant it has its answer may be a moment early for that request's entry.) At shutdown the queue
 * is written out before the database closes. Measured (bench/NOTES.md, "Lookups and call-outs", 20,000 cases,
 * 64 clients): with one insert and commit per case read the lookups ran at 410-871 req/s, with the queue at
 * 718-1,998 req/s, back to back on the 2-core bench machine. See also docs/privacy.md.
 *
 * <p><b>What a hard crash can lose</b> (kill -9, out-of-memory death, power cut): the entries still queued,
 * at most {@value #CAPACITY}, in practice the requests answered during the last batch round trip (a few
 * milliseconds of traffic; the gauge {@code cityhub.access_log.pending} shows the queue). The synchronous insert
 * could lose the entry of a request killed between its answer and its insert; now it is those of one batch.
 */
@Component
public class AccessLog implements DisposableBean {

    /** Entries held in memory at most; beyond, a request inserts its own entry. */
    static final int CAPACITY = 10_000;
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final String INSERT = "insert into access_log (at, client, actor, roles, remote_addr, method, path, department,"
            + " status, outcome, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** One request as logged. {@code client} is null for a request without valid credentials. */
    public record Entry(long id, OffsetDateTime at, String client, String actor, String roles, String remoteAddr, String method,
                        String path, String department, int status, String outcome, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final BatchedInserts writes;

    public AccessLog(JdbcTemplate jdbc, Clock clock, ObjectProvider<MeterRegistry> meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.writes = new BatchedInserts("cityhub.access_log", jdbc, INSERT, CAPACITY, 1000,
                meters.getIfAvailable(SimpleMeterRegistry::new), r -> r[5] + " " + r[6] + " (" + r[8] + ", client " + r[1] + ")");
    }

    /** Records one request (queued: see the class comment); throws only when the queue was full and the insert failed. */
    public void record(String client, String actor, String roles, String remoteAddr, String method, String path, String department,
                       int status, String outcome, String detail) {
        writes.add(new Object[] {Timestamp.from(clock.instant()), cut(client, 64), cut(actor, 100), cut(roles, 100),
                cut(remoteAddr, 64), cut(method, 10), cut(path, 2000), cut(department, 32), status, outcome, cut(detail, 2000)});
    }

    /** Waits (at most {@code timeout}) until the entries recorded before this call are written; true when they are. */
    public boolean flush(Duration timeout) {
        return writes.flush(timeout);
    }

    /** Writes out the queue; entries recorded from here on are inserted by their requests. */
    @Override
    public void destroy() {
        writes.close();
    }

    /**
     * Entries newest first, before {@code beforeId} when given, filtered by client, department and outcome
     * (each optional), at most {@code limit}; {@code departments} (when not null) restricts to those departments.
     */
    public List<Entry> query(String client, String department, String outcome, Long beforeId, int limit,
                             java.util.Collection<String> departments) {
        if (!flush(Duration.ofSeconds(5))) {
            log.warn("access log: entries still queued after 5 s; this read may miss the latest requests");
        }
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
