package org.cityhub.ops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The audit log of ops actions on the exchange (dead-letter replays and discards, raw-archive replays,
 * mapping reloads): who, when, what (queue, target queue, message ids), why, the outcome and how many
 * messages it touched. Refused and failed actions are recorded too.
 */
@Component
class OpsAudit {

    /** DONE, REFUSED or FAILED. */
    static final String DONE = "DONE";
    static final String REFUSED = "REFUSED";
    static final String FAILED = "FAILED";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    OpsAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One recorded action.
     *
     * @param messageIds the message ids acted on (dead-letter actions), empty for others
     * @param affected   how many messages it moved, removed or queued
     */
    record Entry(long id, String action, String actor, String department, String queue, String targetQueue,
                 List<String> messageIds, String reason, String outcome, int affected, String detail, OffsetDateTime at) {
    }

    Entry record(String action, String actor, String department, String queue, String targetQueue, List<String> messageIds,
                 String reason, String outcome, int affected, String detail) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("insert into ops_audit (action, actor, department, queue, target_queue, message_ids, reason,"
                    + " outcome, affected, detail, at) values (?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
            ps.setString(1, action);
            ps.setString(2, cut(actor, 100));
            ps.setString(3, department);
            ps.setString(4, queue);
            ps.setString(5, targetQueue);
            ps.setString(6, messageIds.isEmpty() ? null : String.join(",", messageIds));
            ps.setString(7, cut(reason, 2000));
            ps.setString(8, outcome);
            ps.setInt(9, affected);
            ps.setString(10, cut(detail, 4000));
            ps.setObject(11, now);
            return ps;
        }, key);
        return new Entry(key.getKey().longValue(), action, actor, department, queue, targetQueue, List.copyOf(messageIds), reason,
                outcome, affected, detail, now);
    }

    /** The newest entries first, optionally of one department and before an id (for paging). */
    List<Entry> list(String department, Long before, int limit) {
        StringBuilder sql = new StringBuilder("select * from ops_audit where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (department != null) {
            sql.append(" and department = ?");
            args.add(department);
        }
        if (before != null) {
            sql.append(" and id < ?");
            args.add(before);
        }
        sql.append(" order by id desc");
        return jdbc.query(sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.setMaxRows(limit);
        }, (rs, i) -> entry(rs));
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        String ids = rs.getString("message_ids");
        return new Entry(rs.getLong("id"), rs.getString("action"), rs.getString("actor"), rs.getString("department"),
                rs.getString("queue"), rs.getString("target_queue"), ids == null ? List.of() : Arrays.asList(ids.split(",")),
                rs.getString("reason"), rs.getString("outcome"), rs.getInt("affected"), rs.getString("detail"),
                rs.getObject("at", OffsetDateTime.class));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
