package org.cityhub.connector;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cityhub.store.RawArchive;
import org.cityhub.store.Watermarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The {@code jdbc-poll} source of one department connector.
 *
 * <p>Each poll starts an overlap window before the stored watermark and pages forward by
 * (watermark, key) until a short page. A page is archived, queued on {@code hub.inbound.<dept>} in one
 * broker transaction, marked queued, and only then is the watermark moved past it. Rows re-read in the
 * overlap are recognised in the raw archive by their content hash and not queued again. With no
 * watermark yet, the same loop reads the whole history (snapshot) in bounded memory.
 */
public final class JdbcPollSource implements PollingSource, AutoCloseable, SnapshotSource {

    private static final Logger log = LoggerFactory.getLogger(JdbcPollSource.class);

    private final String department;
    private final String connector;
    private final JdbcPollParameters params;
    private final RecordIntake intake;
    private final Watermarks watermarks;
    private final ObjectMapper json;
    private final HikariDataSource dataSource;
    private final String firstPageSql;
    private final String nextPageSql;
    private final String snapshotSql;
    private final String keyFirstSql;
    private final String keyNextSql;
    private final FailureSpell spell;
    /** Reads the next page while the poll thread accepts the current one (see {@link #pollOnce}). */
    private final ExecutorService reader;

    JdbcPollSource(String department, String connector, JdbcPollParameters params, RecordIntake intake,
                   Watermarks watermarks, ObjectMapper json) {
        this.department = department;
        this.connector = connector;
        this.params = params;
        this.intake = intake;
        this.watermarks = watermarks;
        this.json = json;
        this.spell = new FailureSpell(log, department + "-" + connector, "the department database");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(params.jdbcUrl());
        hc.setUsername(params.username());
        hc.setPassword(params.password());
        hc.setMaximumPoolSize(2);
        hc.setPoolName(department + "-" + connector);
        hc.setReadOnly(true);
        // the department's database may be down when the hub starts; polling retries, start-up does not wait
        hc.setInitializationFailTimeout(-1);
        // a department database that gives no connection within 5 s fails this poll, and the back-off spaces the
        // next tries (Hikari's 30 s default would make every try of an outage wait half a minute first)
        hc.setConnectionTimeout(5_000);
        this.dataSource = new HikariDataSource(hc);
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, department + "-" + connector + "-read");
            t.setDaemon(true);
            return t;
        });
        String wm = params.watermarkColumn();
        String key = params.keyColumn();
        String select = "select * from " + params.table();
        String order = " order by " + wm + ", " + key;
        this.snapshotSql = select + order;
        this.keyFirstSql = select + " order by " + key;
        this.keyNextSql = select + " where " + key + " > ? order by " + key;
        this.firstPageSql = select + " where " + wm + " >= ?" + order;
        this.nextPageSql = select + " where " + wm + " > ? or (" + wm + " = ? and " + key + " > ?)" + order;
    }

    public String department() {
        return department;
    }

    public String connector() {
        return connector;
    }

    /**
     * One poll, called by the source route. A department database that is down or refuses the query is
     * the normal life of a legacy system: it is logged once per failure spell, not per poll with a
     * stack trace, and later polls try again, spaced out while the spell lasts (FailureSpell). Failures
     * of the hub's own store or broker propagate to the route.
     */
    public PollResult poll() {
        if (!spell.due()) {
            return PollResult.none(); // backing off while the department fails (FailureSpell)
        }
        try {
            PollResult result = pollOnce();
            spell.succeeded();
            return result;
        } catch (SQLException e) {
            spell.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), params.period());
            return PollResult.none();
        }
    }

    /** The last failure to read the department database, or null while polls succeed. */
    @Override
    public String toWatermark(String operatorValue) {
        if (params.numberWatermark()) {
            try {
                return new BigDecimal(operatorValue.strip()).toPlainString();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("watermark: expected a number (column " + params.watermarkColumn()
                        + " is numeric), got '" + operatorValue + "'");
            }
        }
        return PollingSource.parseLocalDateTime(operatorValue).toString();
    }

    @Override
    public String lastError() {
        return spell.lastError();
    }

    @Override
    public java.time.Instant lastSuccess() {
        return spell.lastSuccess();
    }

    /**
     * Reads every page from the overlap start to the end of the table, in a pipeline of two stages: while a
     * page is queued on the broker and marked queued (this thread), the next one is already read from the
     * department's database and archived (the source's reader thread; a page's last watermark and key are all
     * the next query needs). The watermark still moves only past a page that is durably queued, in page
     * order; at most one page is ahead. A page archived ahead but never queued (the poll failed) is queued
     * when the next poll reads it again.
     */
    private PollResult pollOnce() throws SQLException {
        Watermarks.Mark mark = watermarks.get(department, connector).orElse(null);
        long accepted = mark == null ? 0 : mark.rowsAccepted();
        int read = 0;
        int queued = 0;
        int pages = 0;
        // the overlap re-reads rows at and before the mark; the mark moves only once a page reaches it, so that
        // it never goes back (to an earlier key of the same watermark value) while the overlap is read again
        boolean pastMark = mark == null || mark.value() == null;
        try (Connection c = dataSource.getConnection()) {
            Future<Page> next;
            if (mark == null || mark.value() == null) {
                next = readAhead(c, snapshotSql);
            } else {
                next = readAhead(c, firstPageSql, overlapStart(mark.value()));
            }
            try {
                while (next != null) {
                    Page page = await(next);
                    next = null;
                    pages++;
                    if (page.rows.isEmpty()) {
                        break;
                    }
                    if (page.rows.size() == params.pageSize()) {
                        next = readAhead(c, nextPageSql, page.lastValue, page.lastValue, page.lastKey);
                    }
                    read += page.rows.size();
                    int n = intake.queue(page.archived);
                    queued += n;
                    accepted += n;
                    pastMark = pastMark || reaches(page, mark);
                    if (pastMark) {
                        mark = new Watermarks.Mark(format(page.lastValue), page.lastKey, accepted);
                        watermarks.put(department, connector, mark);
                    } else if (n > 0) {
                        // rows changed inside the overlap: counted, the position kept
                        mark = new Watermarks.Mark(mark.value(), mark.key(), accepted);
                        watermarks.put(department, connector, mark);
                    }
                }
            } finally {
                // a page still being read when accepting failed must finish before its connection is closed
                if (next != null) {
                    try {
                        await(next);
                    } catch (SQLException | RuntimeException ignored) {
                        // the poll already failed for another reason, which is the one reported
                    }
                }
            }
        }
        if (queued > 0) {
            log.info("{}-{}: read {} rows in {} pages, queued {} new or changed", department, connector, read, pages, queued);
        }
        return new PollResult(read, queued, pages);
    }

    /**
     * Whether {@code page} reaches the stored mark: it holds the mark's own row, or a row with a later watermark
     * value. (Keys are compared by the department database's collation, in its ORDER BY, never here.)
     */
    private boolean reaches(Page page, Watermarks.Mark mark) {
        Object value = parse(mark.value());
        if (compare(page.lastValue, value) > 0) {
            return true;
        }
        for (Row r : page.rows) {
            if (r.watermark != null && compare(r.watermark, value) == 0 && (mark.key() == null || mark.key().equals(r.key))) {
                return true;
            }
        }
        return false;
    }

    /** Reads and archives a page on the reader thread. */
    private Future<Page> readAhead(Connection c, String sql, Object... args) {
        return reader.submit(() -> {
            Page page = readPage(c, sql, args);
            if (!page.rows.isEmpty()) {
                page.archived = archive(page);
            }
            return page;
        });
    }

    /** The page read ahead, or the reason it could not be read. */
    private static Page await(Future<Page> page) throws SQLException {
        try {
            return page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the department database", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException rt) {
                throw rt;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A page of the whole table in key order: the migration's reading, independent of the watermark. */
    @Override
    public SnapshotPage snapshotPage(String afterKey) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Page page = afterKey == null ? readPage(c, keyFirstSql) : readPage(c, keyNextSql, afterKey);
            List<SnapshotRecord> records = new ArrayList<>(page.rows.size());
            Object max = null;
            for (Row r : page.rows) {
                records.add(new SnapshotRecord(r.key, r.payload, r.watermark == null ? null : format(r.watermark)));
                if (r.watermark != null && (max == null || compare(r.watermark, max) > 0)) {
                    max = r.watermark;
                }
            }
            return new SnapshotPage(records, page.lastKey, max == null ? null : format(max));
        }
    }

    @Override
    public String laterWatermark(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return compare(parse(a), parse(b)) >= 0 ? a : b;
    }

    @Override
    public int pageSize() {
        return params.pageSize();
    }

    @Override
    public long countRecords() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from " + params.table());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public long countChangedAfter(String lastKey, String maxWatermark) throws SQLException {
        String wm = params.watermarkColumn();
        StringBuilder sql = new StringBuilder("select count(*) from " + params.table() + " where ");
        List<Object> args = new ArrayList<>();
        if (lastKey != null) {
            sql.append(params.keyColumn()).append(" > ?");
            args.add(lastKey);
        }
        if (maxWatermark != null) {
            sql.append(args.isEmpty() ? "" : " or ").append(wm).append(" > ?");
            args.add(parse(maxWatermark));
        }
        if (args.isEmpty()) {
            return countRecords();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private RecordIntake.ArchivedBatch archive(Page page) {
        List<RawArchive.Received> received = new ArrayList<>(page.rows.size());
        for (Row r : page.rows) {
            received.add(new RawArchive.Received(r.key, RecordIntake.JSON, r.payload));
        }
        return intake.archive(department, connector, received);
    }

    private Page readPage(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(params.pageSize());
            ps.setFetchSize(Math.min(params.pageSize(), 1000));
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int cols = md.getColumnCount();
                String[] labels = new String[cols];
                for (int i = 0; i < cols; i++) {
                    labels[i] = md.getColumnLabel(i + 1).toUpperCase();
                }
                Page page = new Page();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < cols; i++) {
                        row.put(labels[i], jsonValue(rs.getObject(i + 1)));
                    }
                    // a row without a change time (it happens in hand-fed tables) has no watermark
                    Object mark = params.numberWatermark() ? rs.getBigDecimal(params.watermarkColumn())
                            : rs.getTimestamp(params.watermarkColumn());
                    String key = rs.getString(params.keyColumn());
                    page.rows.add(new Row(key, toJson(row), mark));
                    page.lastValue = mark;
                    page.lastKey = key;
                }
                return page;
            }
        }
    }

    /**
     * A column's value as it goes into the record's JSON (rows become JSON with the column names, upper case, as keys:
     * the mapping's input). Public for the benchmark's work floor, which writes the rows as the poll does.
     */
    public static Object jsonValue(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        if (v instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        return v.toString();
    }

    private byte[] toJson(Map<String, Object> row) {
        try {
            return json.writeValueAsBytes(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object overlapStart(String markValue) {
        if (params.numberWatermark()) {
            return new BigDecimal(markValue).subtract(BigDecimal.valueOf(params.overlapNumber()));
        }
        return Timestamp.valueOf(LocalDateTime.parse(markValue).minus(params.overlapDuration()));
    }

    private Object parse(String markValue) {
        return params.numberWatermark() ? new BigDecimal(markValue) : Timestamp.valueOf(LocalDateTime.parse(markValue));
    }

    private String format(Object value) {
        return value instanceof Timestamp t ? t.toLocalDateTime().toString() : ((BigDecimal) value).toPlainString();
    }

    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        return ((Comparable<Object>) a).compareTo(b);
    }

    @Override
    public void close() {
        reader.shutdownNow();
        dataSource.close();
    }

    private static final class Page {
        final List<Row> rows = new ArrayList<>();
        Object lastValue;
        String lastKey;
        RecordIntake.ArchivedBatch archived;
    }

    private record Row(String key, byte[] payload, Object watermark) {
    }
}
