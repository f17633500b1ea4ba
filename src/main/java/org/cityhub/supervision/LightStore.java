package org.cityhub.supervision;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The persisted lights ({@code case_light}) and the feed position of supervision. Writes are idempotent
 * and never go backwards: a row is replaced only by a computation from the same or a newer case version
 * made at the same or a later time, so several hub nodes recomputing the same case agree.
 */
@Component
public class LightStore {

    private final JdbcTemplate jdbc;

    public LightStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One persisted light. */
    public record Row(String supervisionCode, String department, Light light, OffsetDateTime deadline, Double elapsedShare,
                      boolean clockStopped, OffsetDateTime computedAt) {
    }

    /** One case's light as computed from its version {@code caseVersion}. */
    record Computed(String code, String department, int caseVersion, CaseFacts facts, Assessment a) {
    }

    private static final String SET = "department = ?, case_version = ?, light = ?, reason = ?, deadline = ?, yellow_at = ?,"
            + " elapsed_share = ?, clock_stopped = ?, next_check_at = ?, submitted_at = ?, accepted_at = ?, completed_at = ?,"
            + " completed_on_time = ?, handling_days = ?, channel = ?, delivered = ?, computed_at = ?, clock = ?";

    /** Saves lights in two batches: an update each, then an insert of the cases that have no row yet. */
    void save(List<Computed> computed, Instant computedAt) {
        if (computed.isEmpty()) {
            return;
        }
        List<Object[]> updates = new ArrayList<>(computed.size());
        for (Computed c : computed) {
            Object[] v = values(c, computedAt);
            Object[] u = new Object[v.length + 4];
            System.arraycopy(v, 0, u, 0, v.length);
            u[v.length] = c.code();
            u[v.length + 1] = c.caseVersion();
            u[v.length + 2] = c.caseVersion();
            u[v.length + 3] = ts(computedAt);
            updates.add(u);
        }
        int[] counts = jdbc.batchUpdate("update case_light set " + SET + " where supervision_code = ? and (case_version < ?"
                + " or (case_version = ? and computed_at <= ?))", updates);
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < computed.size(); i++) {
            if (counts[i] != 0) {
                continue; // updated (SUCCESS_NO_INFO counts as done too)
            }
            Computed c = computed.get(i);
            Object[] v = values(c, computedAt);
            Object[] insert = new Object[v.length + 1];
            insert[0] = c.code();
            System.arraycopy(v, 0, insert, 1, v.length);
            inserts.add(insert);
        }
        if (inserts.isEmpty()) {
            return; // every light updated: no statement to prepare
        }
        // the cases without a row yet, in one batch (a bulk intake is nearly all new cases); a row that exists by now is
        // newer than this computation (another node, or a later version) and is kept
        jdbc.batchUpdate("insert into case_light (supervision_code, department, case_version, light, reason, deadline, yellow_at,"
                + " elapsed_share, clock_stopped, next_check_at, submitted_at, accepted_at, completed_at, completed_on_time,"
                + " handling_days, channel, delivered, computed_at, clock) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " on conflict do nothing", inserts);
    }

    /** Saves one light (see {@link #save(List, Instant)}). */
    void save(String code, String department, int caseVersion, CaseFacts facts, Assessment a, Instant computedAt) {
        save(List.of(new Computed(code, department, caseVersion, facts, a)), computedAt);
    }

    private static Object[] values(Computed c, Instant computedAt) {
        Assessment a = c.a();
        CaseFacts facts = c.facts();
        return new Object[] {c.department(), c.caseVersion(), a.light().name(), a.reason(), ts(a.deadline()), ts(a.yellowAt()),
                a.elapsedShare(), a.clockStopped(), ts(a.nextChangeAt()), ts(facts.submittedAt()),
                ts(facts.clock().acceptedAt()), ts(facts.clock().completedAt()), a.completedOnTime(), a.handlingDays(),
                facts.channel(), facts.delivered(), ts(computedAt), ClockText.write(facts.clock())};
    }

    /** Bound as OffsetDateTime like the rest of the store: the same instant on H2 and PostgreSQL whatever the JVM's zone. */
    private static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    long cursor() {
        return jdbc.queryForObject("select last_seq from supervision_cursor where id = 1", Long.class);
    }

    /** Moves the feed position forward only; another node may have moved it further already. */
    void advance(long seq) {
        jdbc.update("update supervision_cursor set last_seq = ? where id = 1 and last_seq < ?", seq, seq);
    }

    /** Codes whose light changes by time alone at or before {@code now}, earliest first. */
    List<String> due(Instant now, int limit) {
        return jdbc.queryForList("select supervision_code from case_light where next_check_at <= ? order by next_check_at"
                + " limit ?", String.class, ts(now), limit);
    }

    /**
     * The clock the persisted light of a case was computed from, when it was computed from case version
     * {@code caseVersion} or a later one and kept (V20); empty otherwise (no row yet, an older version, a row
     * from before V20, a clock too long to keep). One read by primary key.
     */
    java.util.Optional<CaseClock> clockOf(String supervisionCode, int caseVersion) {
        return jdbc.query("select clock from case_light where supervision_code = ? and case_version >= ? and clock is not null",
                (rs, n) -> rs.getString(1), supervisionCode, caseVersion).stream().findFirst().map(ClockText::read);
    }

    /** One case's persisted light (as the keeper last computed it), for read-only views such as the console. */
    public java.util.Optional<Row> find(String supervisionCode) {
        return jdbc.query("select supervision_code, department, light, deadline, elapsed_share, clock_stopped, computed_at"
                + " from case_light where supervision_code = ?", (rs, n) -> new Row(rs.getString(1), rs.getString(2),
                Light.valueOf(rs.getString(3)), odt(rs.getObject(4, OffsetDateTime.class)), (Double) rs.getObject(5, Double.class),
                rs.getBoolean(6), odt(rs.getObject(7, OffsetDateTime.class))), supervisionCode).stream().findFirst();
    }

    /** The number of cases per (department, light): department, light name, count; for the metrics and the console. */
    public List<Object[]> countsByDepartmentAndLight() {
        return jdbc.query("select department, light, count(*) from case_light group by department, light",
                (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
    }

    /**
     * Cases in one of {@code lights}, by deadline (most overdue first), then code; keyset paged after
     * ({@code afterDeadline}, {@code afterCode}).
     */
    public List<Row> byDeadline(Collection<Light> lights, String department, Instant afterDeadline, String afterCode, int limit) {
        StringBuilder sql = new StringBuilder("select supervision_code, department, light, deadline, elapsed_share, clock_stopped,"
                + " computed_at from case_light where deadline is not null and light in (");
        List<Object> args = new ArrayList<>();
        int i = 0;
        for (Light l : lights) {
            sql.append(i++ == 0 ? "?" : ",?");
            args.add(l.name());
        }
        sql.append(')');
        if (department != null) {
            sql.append(" and department = ?");
            args.add(department);
        }
        if (afterDeadline != null) {
            sql.append(" and (deadline > ? or (deadline = ? and supervision_code > ?))");
            args.add(ts(afterDeadline));
            args.add(ts(afterDeadline));
            args.add(afterCode);
        }
        sql.append(" order by deadline, supervision_code limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> new Row(rs.getString(1), rs.getString(2), Light.valueOf(rs.getString(3)),
                odt(rs.getObject(4, OffsetDateTime.class)), (Double) rs.getObject(5, Double.class), rs.getBoolean(6),
                odt(rs.getObject(7, OffsetDateTime.class))),
                args.toArray());
    }

    private static OffsetDateTime odt(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.ofHours(8));
    }

    /** Per-department counts of one period; see {@link Statistics}. */
    public List<Statistics.Counts> statistics(String department, Instant from, Instant to) {
        String dept = department == null ? "" : " and department = ?";
        List<Object> args = new ArrayList<>();
        // received: submitted in the period; completed: completed in the period
        String sql = "select department,"
                + " sum(case when submitted_at >= ? and submitted_at < ? then 1 else 0 end),"
                + " sum(case when submitted_at >= ? and submitted_at < ? and channel is not null then 1 else 0 end),"
                + " sum(case when submitted_at >= ? and submitted_at < ? and channel in ('2','3') then 1 else 0 end),"
                + " sum(case when completed_at >= ? and completed_at < ? then 1 else 0 end),"
                + " sum(case when completed_at >= ? and completed_at < ? and completed_on_time = true then 1 else 0 end),"
                + " sum(case when completed_at >= ? and completed_at < ? and completed_on_time = false then 1 else 0 end),"
                + " avg(case when completed_at >= ? and completed_at < ? then handling_days end),"
                + " sum(case when completed_at >= ? and completed_at < ? and handling_days is not null then 1 else 0 end),"
                + " sum(case when completed_at >= ? and completed_at < ? and channel is not null then 1 else 0 end),"
                + " sum(case when completed_at >= ? and completed_at < ? and channel in ('2','3') then 1 else 0 end),"
                + " sum(case when completed_at >= ? and completed_at < ? and channel is not null and delivered is not null then 1 else 0 end),"
                + " sum(case when completed_at >= ? and completed_at < ? and channel in ('2','3') and delivered = true then 1 else 0 end)"
                + " from case_light where ((submitted_at >= ? and submitted_at < ?) or (completed_at >= ? and completed_at < ?))"
                + dept + " group by department order by department";
        for (int i = 0; i < 14; i++) {
            args.add(ts(from));
            args.add(ts(to));
        }
        if (department != null) {
            args.add(department);
        }
        return jdbc.query(sql, (rs, n) -> new Statistics.Counts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), (Double) rs.getObject(8, Double.class), rs.getLong(9),
                rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13)), args.toArray());
    }

    /** Received cases of a period per department and channel (办理形式代码; null when not given). */
    public List<Object[]> receivedByChannel(String department, Instant from, Instant to) {
        String dept = department == null ? "" : " and department = ?";
        List<Object> args = new ArrayList<>(List.of(ts(from), ts(to)));
        if (department != null) {
            args.add(department);
        }
        return jdbc.query("select department, channel, count(*) from case_light where submitted_at >= ? and submitted_at < ?"
                + dept + " group by department, channel", (rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)},
                args.toArray());
    }
}
