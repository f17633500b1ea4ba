package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retire-mode migrations: one run per department, how far it has read, and what it read (the legacy
 * side of the reconciliation). A page's legacy cases, rejects and the run's checkpoint are written in
 * one transaction, so a migration that resumes after a crash counts nothing twice.
 */
@Component
public class MigrationStore {

    /** The run reads pages. */
    public static final String RUNNING = "RUNNING";
    /** Every page has been read. */
    public static final String COMPLETED = "COMPLETED";
    /** The run stopped on an error; it resumes from its checkpoint when started again. */
    public static final String FAILED = "FAILED";

    private final JdbcTemplate jdbc;
    private final DepartmentKeys keys;
    private final TransactionTemplate tx;
    private final Clock clock;

    public MigrationStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.keys = new DepartmentKeys(jdbc, new StoreVendor(jdbc));
        this.tx = tx;
        this.clock = clock;
    }

    /** A migration run as stored. */
    public record Run(String department, String connector, String state, String lastKey, String maxWatermark, long rowsRead,
                      long rowsStored, long rowsRejected, long pages, Long legacyRows, OffsetDateTime startedAt,
                      OffsetDateTime updatedAt, OffsetDateTime finishedAt, String lastError, String verifiedReport) {
    }

    /** The key fields of one legacy case, as the migration mapped them. */
    public record LegacyCase(String departmentCaseNo, String month, String status, String keyHash, OffsetDateTime updatedAt,
                             String legacyKey) {
    }

    /** A legacy record the migration could not map. */
    public record Reject(String legacyKey, String reason, OffsetDateTime at) {
    }

    private static final RowMapper<Run> RUN = (rs, i) -> new Run(rs.getString("department"), rs.getString("connector"),
            rs.getString("state"), rs.getString("last_key"), rs.getString("max_watermark"), rs.getLong("rows_read"),
            rs.getLong("rows_stored"), rs.getLong("rows_rejected"), rs.getLong("pages"),
            (Long) rs.getObject("legacy_rows", Long.class), rs.getObject("started_at", OffsetDateTime.class),
            rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
            rs.getString("last_error"), rs.getString("verified_report"));

    public Optional<Run> find(String department) {
        return jdbc.query("select * from migration_run where department = ?", RUN, department).stream().findFirst();
    }

    /**
     * Starts a run from the beginning: a previous run of the department, its legacy cases and rejects
     * are cleared (a fresh reading replaces them).
     */
    public void start(String department, String connector) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.executeWithoutResult(s -> {
            jdbc.update("delete from migration_case where department = ?", department);
            jdbc.update("delete from migration_reject where department = ?", department);
            jdbc.update("delete from migration_run where department = ?", department);
            jdbc.update("insert into migration_run (department, connector, state, rows_read, rows_stored, rows_rejected, pages,"
                    + " started_at, updated_at) values (?,?,?,0,0,0,0,?,?)", department, connector, RUNNING, now, now);
        });
    }

    /** Marks a stopped or failed run as running again, keeping its checkpoint. */
    public void resume(String department) {
        jdbc.update("update migration_run set state = ?, last_error = null, updated_at = ? where department = ?",
                RUNNING, OffsetDateTime.now(clock), department);
    }

    /**
     * Records one page ({@code maxWatermark}: the latest change time seen so far): its legacy cases (a case read again replaces an older reading of itself unless
     * that reading is newer), its rejects, and the checkpoint after it. One transaction.
     */
    public void recordPage(String department, Collection<LegacyCase> cases, Collection<Reject> rejects, String lastKey,
                           String maxWatermark, int read, int queued) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.executeWithoutResult(s -> {
            upsertCases(department, cases);
            for (Reject r : rejects) {
                int n = jdbc.update("update migration_reject set reason = ?, at = ? where department = ? and legacy_key = ?",
                        cut(r.reason()), now, department, r.legacyKey());
                if (n == 0) {
                    jdbc.update("insert into migration_reject (department, legacy_key, reason, at) values (?,?,?,?)",
                            department, r.legacyKey(), cut(r.reason()), now);
                }
            }
            jdbc.update("update migration_run set last_key = ?, max_watermark = ?, rows_read = rows_read + ?,"
                            + " rows_stored = rows_stored + ?, rows_rejected = (select count(*) from migration_reject where department = ?),"
                            + " pages = pages + 1, updated_at = ? where department = ?",
                    lastKey, maxWatermark, read, queued, department, now, department);
        });
    }

    private void upsertCases(String department, Collection<LegacyCase> cases) {
        if (cases.isEmpty()) {
            return;
        }
        Map<String, LegacyCase> latest = new HashMap<>();
        for (LegacyCase c : cases) {
            latest.merge(c.departmentCaseNo(), c, (a, b) -> newer(b, a) ? b : a);
        }
        Map<String, OffsetDateTime> existing = new HashMap<>();
        List<String> numbers = new ArrayList<>(latest.keySet());
        keys.query("t.department_case_no, t.source_updated_at", "migration_case", "department_case_no", department, numbers, false,
                rs -> {
                    existing.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class));
                });
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (LegacyCase c : latest.values()) {
            if (!existing.containsKey(c.departmentCaseNo())) {
                inserts.add(new Object[] {department, c.departmentCaseNo(), c.month(), c.status(), c.keyHash(), c.updatedAt(), c.legacyKey()});
            } else {
                OffsetDateTime stored = existing.get(c.departmentCaseNo());
                if (stored == null || c.updatedAt() == null || !c.updatedAt().isBefore(stored)) {
                    updates.add(new Object[] {c.month(), c.status(), c.keyHash(), c.updatedAt(), c.legacyKey(), department, c.departmentCaseNo()});
                }
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("insert into migration_case (department, department_case_no, case_month, status, key_hash, source_updated_at,"
                    + " legacy_key) values (?,?,?,?,?,?,?)", inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("update migration_case set case_month = ?, status = ?, key_hash = ?, source_updated_at = ?, legacy_key = ?"
                    + " where department = ? and department_case_no = ?", updates);
        }
    }

    /** Same rule as the store: an older reading never replaces a newer one; equal times, the later read wins. */
    private static boolean newer(LegacyCase candidate, LegacyCase current) {
        return candidate.updatedAt() == null || current.updatedAt() == null || !candidate.updatedAt().isBefore(current.updatedAt());
    }

    /** Ends a run: every page read. {@code legacyRows} is the source's own row count, when it can give one. */
    public void complete(String department, Long legacyRows) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.update("update migration_run set state = ?, legacy_rows = ?, finished_at = ?, updated_at = ? where department = ?",
                COMPLETED, legacyRows, now, now, department);
    }

    public void fail(String department, String error) {
        jdbc.update("update migration_run set state = ?, last_error = ?, updated_at = ? where department = ?",
                FAILED, cut(error), OffsetDateTime.now(clock), department);
    }

    /** Keeps the report a department was verified on. */
    public void keepVerifiedReport(String department, String reportJson) {
        jdbc.update("update migration_run set verified_report = ? where department = ?", reportJson, department);
    }

    /** Streams the legacy side, ordered by department case number. */
    public void eachLegacyCase(String department, Consumer<LegacyCase> each) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("select * from migration_case where department = ? order by department_case_no");
            ps.setString(1, department);
            ps.setFetchSize(1000);
            return ps;
        }, rs -> {
            each.accept(new LegacyCase(rs.getString("department_case_no"), rs.getString("case_month"), rs.getString("status"),
                    rs.getString("key_hash"), rs.getObject("source_updated_at", OffsetDateTime.class), rs.getString("legacy_key")));
        });
    }

    public List<Reject> rejects(String department) {
        return jdbc.query("select legacy_key, reason, at from migration_reject where department = ? order by legacy_key",
                (rs, i) -> new Reject(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)), department);
    }

    /** A count of cases per month or per status, on each side. */
    public record Bucket(String key, long legacy, long store) {
    }

    /** A case whose key fields differ between the legacy reading and the store, or that one side lacks. */
    public record Mismatch(String departmentCaseNo, String legacyKey, String legacyStatus, String storeStatus, String problem) {
    }

    /**
     * Replaces the store side of a department's reconciliation. {@code fill} is given a sink taking
     * (case number, month, status, key hash) per case; rows are written in batches.
     */
    public void refreshStoreSide(String department, Consumer<StoreSideSink> fill) {
        tx.executeWithoutResult(s -> {
            jdbc.update("delete from migration_store_case where department = ?", department);
            List<Object[]> batch = new ArrayList<>(1000);
            fill.accept((caseNo, month, status, keyHash) -> {
                batch.add(new Object[] {department, caseNo, month, status, keyHash});
                if (batch.size() == 1000) {
                    flushStoreSide(batch);
                }
            });
            flushStoreSide(batch);
        });
    }

    /** Receives the store side, one case at a time. */
    @FunctionalInterface
    public interface StoreSideSink {
        void add(String departmentCaseNo, String month, String status, String keyHash);
    }

    private void flushStoreSide(List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("insert into migration_store_case (department, department_case_no, case_month, status, key_hash)"
                    + " values (?,?,?,?,?)", batch);
            batch.clear();
        }
    }

    /** Cases per month ({@code column} month) or per status ({@code column} status), legacy against store. */
    public List<Bucket> buckets(String department, String column) {
        if (!column.equals("month") && !column.equals("status")) {
            throw new IllegalArgumentException(column);
        }
        String col = column.equals("month") ? "case_month" : "status";
        return jdbc.query("select k, sum(l), sum(s) from (select " + col + " k, 1 l, 0 s from migration_case where department = ?"
                        + " union all select " + col + " k, 0 l, 1 s from migration_store_case where department = ?) t"
                        + " group by k order by k",
                (rs, i) -> new Bucket(rs.getString(1), rs.getLong(2), rs.getLong(3)), department, department);
    }

    /** How many cases differ between the two sides. */
    public long mismatchCount(String department) {
        return jdbc.queryForObject("select count(*) from migration_case l left join migration_store_case s"
                + " on s.department = l.department and s.department_case_no = l.department_case_no"
                + " where l.department = ? and (s.key_hash is null or s.key_hash <> l.key_hash)", Long.class, department)
                + jdbc.queryForObject("select count(*) from migration_store_case s left join migration_case l"
                + " on l.department = s.department and l.department_case_no = s.department_case_no"
                + " where s.department = ? and l.department_case_no is null", Long.class, department);
    }

    /** The first cases that differ, by case number. */
    public List<Mismatch> mismatches(String department, int limit) {
        List<Mismatch> out = new ArrayList<>(jdbc.query(con -> {
            var ps = con.prepareStatement("select l.department_case_no, l.legacy_key, l.status, s.status, s.key_hash"
                    + " from migration_case l left join migration_store_case s"
                    + " on s.department = l.department and s.department_case_no = l.department_case_no"
                    + " where l.department = ? and (s.key_hash is null or s.key_hash <> l.key_hash) order by l.department_case_no");
            ps.setString(1, department);
            ps.setMaxRows(limit);
            return ps;
        }, (rs, i) -> new Mismatch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5) == null ? "not in the store" : "key fields differ")));
        out.addAll(jdbc.query(con -> {
            var ps = con.prepareStatement("select s.department_case_no, s.status from migration_store_case s left join migration_case l"
                    + " on l.department = s.department and l.department_case_no = s.department_case_no"
                    + " where s.department = ? and l.department_case_no is null order by s.department_case_no");
            ps.setString(1, department);
            ps.setMaxRows(limit);
            return ps;
        }, (rs, i) -> new Mismatch(rs.getString(1), null, null, rs.getString(2), "in the store, not in the legacy system")));
        return out.size() <= limit ? out : out.subList(0, limit);
    }

    /**
     * SHA-256 over every case's number and key hash, in case-number order, of one side: {@code legacy}
     * true for what the migration read, false for the store.
     */
    public String checksum(String department, boolean legacy) {
        java.security.MessageDigest sha = Sha256.digest();
        String table = legacy ? "migration_case" : "migration_store_case";
        jdbc.query(con -> {
            var ps = con.prepareStatement("select department_case_no, key_hash from " + table + " where department = ?"
                    + " order by department_case_no");
            ps.setString(1, department);
            ps.setFetchSize(1000);
            return ps;
        }, rs -> {
            sha.update((rs.getString(1) + ":" + rs.getString(2) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
    }
}
