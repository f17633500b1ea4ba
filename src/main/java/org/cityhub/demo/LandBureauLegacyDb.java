package org.cityhub.demo;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

import javax.sql.DataSource;

/**
 * A simulated legacy system of the land-resources bureau (市国土资源局, department code {@code land},
 * region 500102 Fuling district, Chongqing) for demos and tests: the vendor's front exchange table
 * (前置库 upload table) {@value #TABLE} with its realistic, pinyin-initial columns, seeded with cases in
 * every lifecycle state and kept moving by {@link #advance(int, int)}.
 *
 * <p>The bureau's own status codes ({@code BLZT}) are listed in {@link #STATUS_NAMES}. What each state
 * guarantees on a row:
 * <ul>
 *   <li>{@code 0} 已申请: no acceptance ({@code SLSJ}, {@code SLR} null), no completion;</li>
 *   <li>{@code 1}..{@code 5} (accepted, open): {@code SLSJ}, {@code SLR}, {@code SLWSBH}, {@code CNBJSJ} set,
 *       {@code BJSJ}, {@code BJJG}, {@code ZZBH} null; {@code 2} is at step 初审, 复审 or 审批;</li>
 *   <li>{@code 6} 不予许可, {@code 9} 撤回: closed, {@code BJSJ} and {@code BJJG} set, no certificate;</li>
 *   <li>{@code 7} 已办结: {@code BJSJ}, {@code BJJG}, {@code ZZMC}, {@code ZZBH} set;</li>
 *   <li>{@code 8} 不予受理: never accepted ({@code SLSJ} null), {@code BJSJ} and {@code BJJG} set.</li>
 * </ul>
 * Open cases move forward 0→1→2(初审→复审→审批)→5→7, with detours 2⇄3 (补正) and 2⇄4 (中止), and
 * exits 8, 6 and 9. Rows with {@code CZBS = 'D'} (a clerk's duplicate registration, deleted by flag) never
 * move again.
 *
 * <p>Date columns other than {@code TBSJ} are strings in the vendor's mixed forms
 * {@code yyyy-MM-dd HH:mm:ss}, {@code yyyyMMddHHmmss}, {@code yyyy/M/d H:mm} and {@code yyyy年M月d日}.
 * All times, {@code TBSJ} included, are the bureau's local time in {@link #ZONE}, whatever the zone of the
 * clock given, because the legacy system stamps China time wherever the demo runs.
 *
 * <p>Everything generated depends only on the {@link RandomGenerator}, the {@link Clock} and what the
 * table already holds, so a seeded generator reproduces the same data. Not thread-safe: one writer per
 * instance. Database failures surface as {@link IllegalStateException} with the {@link SQLException} as
 * cause.
 */
public final class LandBureauLegacyDb {

    // first: ACCEPTING_UNIT_CODE below is computed with them during class initialisation
    private static final String CREDIT_ALPHABET = DemoIdentifiers.CREDIT_ALPHABET;

    /** The upload table (国土审批办件信息上传表). */
    public static final String TABLE = "GT_SPJ_BJXX";

    /** The columns of {@link #TABLE}, in DDL order; also the keys of a row map. */
    public static final List<String> COLUMNS = List.of(
            "ROW_GUID", "YWLSH", "SXBM", "SXMC", "BJLX", "SQRMC", "SQRLX", "ZJLX", "ZJHM", "LXR", "LXDH",
            "SBLY", "SQSJ", "SLDW", "SLDWDM", "SLR", "SLSJ", "SLWSBH", "CNQX", "CNBJSJ", "BLZT", "HJMC",
            "BLR", "BLYJ", "HJKSSJ", "BJSJ", "BJJG", "ZZMC", "ZZBH", "XZQH", "CZBS", "PCH", "TBSJ", "SJLY");

    /** The bureau's status codes ({@code BLZT}) and their names. */
    public static final Map<String, String> STATUS_NAMES = Collections.unmodifiableMap(statusNames());

    /** The department code the hub knows this bureau by. */
    public static final String DEPARTMENT_CODE = "land";

    /** Administrative region (行政区划) of every case: Fuling district, Chongqing. */
    public static final String REGION = "500102";

    /** Value of the source tag column {@code SJLY}. */
    public static final String SOURCE_TAG = "GTSPXT";

    /** The accepting unit (受理单位) named on every case. */
    public static final String ACCEPTING_UNIT = "重庆市涪陵区规划和自然资源局";

    /** The accepting unit's unified social credit code: a government body (11...), valid per GB 32100. */
    public static final String ACCEPTING_UNIT_CODE = DemoIdentifiers.creditCode("11", REGION, "MB1A2345");

    /** The zone of every time the legacy system writes. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static final String INDEX = "IDX_GT_SPJ_BJXX_TBSJ";
    private static final String INSERT_SQL = "INSERT INTO " + TABLE + " (" + String.join(", ", COLUMNS)
            + ") VALUES (" + String.join(", ", Collections.nCopies(COLUMNS.size(), "?")) + ")";
    private static final List<String> UPDATABLE = COLUMNS.subList(1, COLUMNS.size());
    private static final String UPDATE_SQL = "UPDATE " + TABLE + " SET "
            + String.join(" = ?, ", UPDATABLE) + " = ? WHERE ROW_GUID = ?";
    private static final String SELECT_SQL = "SELECT " + String.join(", ", COLUMNS) + " FROM " + TABLE
            + " WHERE ROW_GUID = ?";
    private static final List<String> OPEN = List.of("0", "1", "2", "3", "4", "5");
    private static final int BATCH = 200;
    private static final int SEED_DAYS = 60;

    private static final DateTimeFormatter DASHED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/M/d H:mm");
    private static final DateTimeFormatter CHINESE = DateTimeFormatter.ofPattern("uuuu年M月d日");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");

    private static final String[] REVIEW_STEPS = {"初审", "复审", "审批"};
    private static final LocalTime OPENS = LocalTime.of(9, 0);
    private static final LocalTime CLOSES = LocalTime.of(18, 0);

    private final DataSource dataSource;
    private final RandomGenerator random;
    private final Clock clock;
    /** Next number per series (case numbers per day, document numbers per year). */
    private final Map<String, Integer> counters = new HashMap<>();
    private int tick;

    /**
     * @param dataSource the bureau's database holding {@link #TABLE} (see {@link #createSchema(DataSource)})
     * @param random     the only source of randomness; seed it to reproduce data
     * @param clock      "now" for seeding and ticks; read in {@link #ZONE}
     */
    public LandBureauLegacyDb(DataSource dataSource, RandomGenerator random, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---------------------------------------------------------------- schema

    /**
     * Creates {@link #TABLE} and its index on ({@code TBSJ}, {@code ROW_GUID}) unless they exist.
     * Works on H2 in any compatibility mode and on MariaDB/MySQL.
     */
    public static void createSchema(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            boolean mysqlFamily = product.contains("mariadb") || product.contains("mysql");
            // MySQL-family TIMESTAMP columns are converted by the session time zone and stop at 2038
            String syncType = mysqlFamily ? "DATETIME(3)" : "TIMESTAMP(3)";
            // the schema default may be latin1 on an old front database; Chinese text needs utf8mb4
            String options = mysqlFamily ? " DEFAULT CHARSET=utf8mb4" : "";
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (\n"
                    + "  ROW_GUID VARCHAR(36) NOT NULL PRIMARY KEY,\n"
                    + "  YWLSH VARCHAR(50) NOT NULL,\n"
                    + "  SXBM VARCHAR(24),\n"
                    + "  SXMC VARCHAR(200),\n"
                    + "  BJLX VARCHAR(2),\n"
                    + "  SQRMC VARCHAR(200),\n"
                    + "  SQRLX VARCHAR(2),\n"
                    + "  ZJLX VARCHAR(10),\n"
                    + "  ZJHM VARCHAR(50),\n"
                    + "  LXR VARCHAR(100),\n"
                    + "  LXDH VARCHAR(50),\n"
                    + "  SBLY VARCHAR(2),\n"
                    + "  SQSJ VARCHAR(30),\n"
                    + "  SLDW VARCHAR(200),\n"
                    + "  SLDWDM VARCHAR(18),\n"
                    + "  SLR VARCHAR(50),\n"
                    + "  SLSJ VARCHAR(30),\n"
                    + "  SLWSBH VARCHAR(50),\n"
                    + "  CNQX INT,\n"
                    + "  CNBJSJ VARCHAR(30),\n"
                    + "  BLZT VARCHAR(4),\n"
                    + "  HJMC VARCHAR(100),\n"
                    + "  BLR VARCHAR(50),\n"
                    + "  BLYJ VARCHAR(500),\n"
                    + "  HJKSSJ VARCHAR(30),\n"
                    + "  BJSJ VARCHAR(30),\n"
                    + "  BJJG VARCHAR(500),\n"
                    + "  ZZMC VARCHAR(200),\n"
                    + "  ZZBH VARCHAR(100),\n"
                    + "  XZQH VARCHAR(12),\n"
                    + "  CZBS CHAR(1) NOT NULL,\n"
                    + "  PCH VARCHAR(32),\n"
                    + "  TBSJ " + syncType + " NOT NULL,\n"
                    + "  SJLY VARCHAR(20)\n"
                    + ")" + options);
            if (!product.contains("mysql")) {
                st.execute("CREATE INDEX IF NOT EXISTS " + INDEX + " ON " + TABLE + " (TBSJ, ROW_GUID)");
            } else if (!hasIndex(c.getMetaData())) {
                // MySQL proper has no CREATE INDEX IF NOT EXISTS
                st.execute("CREATE INDEX " + INDEX + " ON " + TABLE + " (TBSJ, ROW_GUID)");
            }
        } catch (SQLException e) {
            throw failure("create " + TABLE, e);
        }
    }

    private static boolean hasIndex(DatabaseMetaData md) throws SQLException {
        try (ResultSet rs = md.getIndexInfo(null, null, TABLE, false, false)) {
            while (rs.next()) {
                if (INDEX.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- public operations

    /** Whether {@link #TABLE} holds no row at all; the guard against seeding twice. */
    public boolean isEmpty() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ROW_GUID FROM " + TABLE)) {
            // setMaxRows instead of LIMIT/FETCH FIRST: the one spelling every H2 mode and MariaDB accept
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next();
            }
        } catch (SQLException e) {
            throw failure("read " + TABLE, e);
        }
    }

    /**
     * Inserts {@code cases} cases applied for over the last ~60 days, in realistic lifecycle states (most
     * completed, some in review, a few corrections, suspensions, denials, refusals and withdrawals), in
     * one transaction with batched inserts.
     *
     * @return rows inserted, one per case
     */
    public int seed(int cases) {
        if (cases < 0) {
            throw new IllegalArgumentException("cases must not be negative: " + cases);
        }
        LocalDateTime now = now();
        // start times are drawn first and the cases built in their order, so that case and document
        // numbers grow with time as a real register's do
        List<Plan> plans = new ArrayList<>(cases);
        for (int i = 0; i < cases; i++) {
            String status = drawSeedStatus();
            Item item = drawItem(status);
            String channel = drawChannel(item);
            plans.add(new Plan(i, status, item, channel, drawStart(status, item, channel, now)));
        }
        plans.sort(Comparator.comparing(Plan::start).thenComparingInt(Plan::index));
        return inTransaction(c -> {
            List<Map<String, Object>> rows = new ArrayList<>(cases);
            for (Plan p : plans) {
                Built b = build(c, p.item, p.status, p.channel, p.start, now);
                LocalDateTime synced = syncTimeAfter(b.lastEvent, now);
                b.row.put("TBSJ", synced);
                b.row.put("PCH", seedBatchNo(synced));
                b.row.put("CZBS", seedOperation(p.status));
                rows.add(b.row);
            }
            insertAll(c, rows);
            return rows.size();
        });
    }

    /**
     * One tick of the bureau's background writer: inserts {@code newCases} new cases (已申请 or 已受理,
     * {@code CZBS 'I'}) and moves up to {@code progressed} randomly chosen open cases one step forward in
     * place ({@code CZBS 'U'}). Every row written gets the same new batch number and {@code TBSJ} = now.
     *
     * @return rows written (inserted plus updated); fewer than asked when fewer cases are open
     */
    public int advance(int newCases, int progressed) {
        if (newCases < 0 || progressed < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + newCases + ", " + progressed);
        }
        LocalDateTime now = now();
        String batch = tickBatchNo(now);
        return inTransaction(c -> {
            // chosen before the new cases go in, so that a case is not both created and moved in one tick
            List<String> open = openCases(c);
            int moves = Math.min(progressed, open.size());
            for (int i = 0; i < moves; i++) {
                Collections.swap(open, i, i + random.nextInt(open.size() - i));
            }
            List<Map<String, Object>> fresh = new ArrayList<>(newCases);
            for (int i = 0; i < newCases; i++) {
                Map<String, Object> row = incomingCase(c, now);
                row.put("CZBS", "I");
                row.put("PCH", batch);
                row.put("TBSJ", now);
                fresh.add(row);
            }
            insertAll(c, fresh);
            int updated = 0;
            try (PreparedStatement read = c.prepareStatement(SELECT_SQL);
                 PreparedStatement write = c.prepareStatement(UPDATE_SQL)) {
                for (String guid : open.subList(0, moves)) {
                    Map<String, Object> row = load(read, guid);
                    if (row == null) {
                        continue;
                    }
                    apply(row, itemOf(row), nextEvent(row), now);
                    row.put("CZBS", "U");
                    row.put("PCH", batch);
                    row.put("TBSJ", now);
                    for (int k = 0; k < UPDATABLE.size(); k++) {
                        bind(write, k + 1, UPDATABLE.get(k), row.get(UPDATABLE.get(k)));
                    }
                    write.setString(UPDATABLE.size() + 1, guid);
                    updated += write.executeUpdate();
                }
            }
            return fresh.size() + updated;
        });
    }

    /**
     * A complete, consistent row in the given state, not yet stored: every column of {@link #COLUMNS}
     * present (null where the state leaves it empty), {@code CZBS 'I'} (a first upload), {@code TBSJ} = now
     * as a {@link LocalDateTime}, {@code CNQX} an {@link Integer}, all else strings. The case number is
     * unique per instance only: this does not read the database.
     *
     * @param status a {@code BLZT} code of {@link #STATUS_NAMES}
     */
    public Map<String, Object> newCaseRow(String status) {
        if (!STATUS_NAMES.containsKey(status)) {
            throw new IllegalArgumentException("unknown BLZT code '" + status + "', expected one of "
                    + STATUS_NAMES.keySet());
        }
        LocalDateTime now = now();
        Item item = drawItem(status);
        String channel = drawChannel(item);
        Built b = build(null, item, status, channel, drawStart(status, item, channel, now), now);
        b.row.put("CZBS", "I");
        b.row.put("PCH", tickBatchNo(now));
        b.row.put("TBSJ", now);
        return b.row;
    }

    /**
     * Inserts one row (as made by {@link #newCaseRow(String)}) with parameterised SQL, on the caller's
     * connection and in the caller's transaction. Absent keys are stored as null.
     *
     * @throws IllegalArgumentException for a key that is not a column or a value of the wrong type
     */
    public void insert(Connection c, Map<String, Object> row) {
        try (PreparedStatement ps = c.prepareStatement(INSERT_SQL)) {
            bindRow(ps, row);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("insert into " + TABLE, e);
        }
    }

    // ---------------------------------------------------------------- building cases

    private record Plan(int index, String status, Item item, String channel, LocalDateTime start) {
    }

    private record Built(Map<String, Object> row, LocalDateTime lastEvent) {
    }

    private enum Event {
        ACCEPT, NOT_ACCEPT, REVIEW, CORRECT, RESUME_CORRECTED, SUSPEND, RESUME_SUSPENDED, APPROVE, DENY,
        DELIVER, WITHDRAW
    }

    /** Builds a case that reaches {@code status}, its events timed from {@code start} and none after now. */
    private Built build(Connection c, Item item, String status, String channel, LocalDateTime start,
                        LocalDateTime now) {
        List<Event> path = pathTo(status, item);
        List<LocalDateTime> times = new ArrayList<>(path.size() + 1);
        times.add(start);
        for (Event e : path) {
            times.add(timeOf(e, times.get(times.size() - 1), item, channel));
        }
        LocalDateTime last = times.get(times.size() - 1);
        // whole weeks keep each event on its weekday and in office hours
        long weeks = last.isAfter(now) ? Duration.between(now, last).toDays() / 7 + 1 : 0;
        for (int i = 0; i < times.size(); i++) {
            times.set(i, times.get(i).minusWeeks(weeks));
        }
        Map<String, Object> row = application(c, item, channel, times.get(0));
        for (int i = 0; i < path.size(); i++) {
            apply(row, item, path.get(i), times.get(i + 1));
        }
        return new Built(row, times.get(times.size() - 1));
    }

    /** A case arriving during a tick: applied for now (已申请), or applied earlier and accepted now. */
    private Map<String, Object> incomingCase(Connection c, LocalDateTime now) {
        String status = random.nextInt(100) < 55 ? "0" : "1";
        Item item = drawItem(status);
        String channel = drawChannel(item);
        if (status.equals("0")) {
            return application(c, item, channel, now);
        }
        LocalDateTime applied = channel.equals("1")
                ? now.minusMinutes(3 + random.nextInt(40)).withNano(0)
                : now.minusMinutes(30 + random.nextInt(48 * 60)).withNano(0);
        Map<String, Object> row = application(c, item, channel, applied);
        apply(row, item, Event.ACCEPT, now);
        return row;
    }

    private List<Event> pathTo(String status, Item item) {
        List<Event> p = new ArrayList<>();
        switch (status) {
            case "0" -> { }
            case "1" -> p.add(Event.ACCEPT);
            case "8" -> p.add(Event.NOT_ACCEPT);
            case "2" -> {
                p.add(Event.ACCEPT);
                reviews(p, 1 + random.nextInt(3));
            }
            case "3" -> {
                p.add(Event.ACCEPT);
                reviews(p, 1 + random.nextInt(2));
                p.add(Event.CORRECT);
            }
            case "4" -> {
                p.add(Event.ACCEPT);
                reviews(p, 2 + random.nextInt(2));
                p.add(Event.SUSPEND);
            }
            case "5" -> {
                p.add(Event.ACCEPT);
                reviews(p, 3);
                p.add(Event.APPROVE);
            }
            case "6" -> {
                p.add(Event.ACCEPT);
                reviews(p, 2 + random.nextInt(2));
                p.add(Event.DENY);
            }
            case "7" -> {
                p.add(Event.ACCEPT);
                if (!item.immediate) {
                    reviews(p, 3);
                    p.add(Event.APPROVE);
                }
                p.add(Event.DELIVER);
            }
            case "9" -> {
                if (!item.immediate && random.nextInt(100) < 70) {
                    p.add(Event.ACCEPT);
                    reviews(p, random.nextInt(3));
                }
                p.add(Event.WITHDRAW);
            }
            default -> throw new IllegalArgumentException("unknown BLZT code '" + status + "'");
        }
        return p;
    }

    /** Review steps, sometimes with a correction or suspension that was already resolved. */
    private void reviews(List<Event> p, int steps) {
        for (int i = 0; i < steps; i++) {
            p.add(Event.REVIEW);
            if (random.nextInt(100) < 7) {
                boolean correction = random.nextInt(100) < 65;
                p.add(correction ? Event.CORRECT : Event.SUSPEND);
                p.add(correction ? Event.RESUME_CORRECTED : Event.RESUME_SUSPENDED);
            }
        }
    }

    /** The bureau's next move on an open case during a tick. */
    private Event nextEvent(Map<String, Object> row) {
        Item item = itemOf(row);
        int r = random.nextInt(100);
        String status = str(row, "BLZT");
        return switch (status) {
            case "0" -> r < 90 ? Event.ACCEPT : r < 97 ? Event.NOT_ACCEPT : Event.WITHDRAW;
            case "1" -> item.immediate ? Event.DELIVER : r < 95 ? Event.REVIEW : Event.WITHDRAW;
            case "3" -> r < 85 ? Event.RESUME_CORRECTED : Event.WITHDRAW;
            case "4" -> r < 90 ? Event.RESUME_SUSPENDED : Event.WITHDRAW;
            case "5" -> Event.DELIVER;
            case "2" -> switch (reviewIndex(str(row, "HJMC"))) {
                case 0 -> r < 75 ? Event.REVIEW : r < 90 ? Event.CORRECT : r < 94 ? Event.WITHDRAW
                        : r < 97 ? Event.SUSPEND : Event.DENY;
                case 1 -> r < 85 ? Event.REVIEW : r < 90 ? Event.SUSPEND : r < 95 ? Event.CORRECT : Event.DENY;
                default -> r < 90 ? Event.APPROVE : Event.DENY;
            };
            default -> throw new IllegalStateException("case " + row.get("YWLSH") + " is not open: BLZT " + status);
        };
    }

    /** The application itself (state 已申请); every later event only changes what it changes. */
    private Map<String, Object> application(Connection c, Item item, String channel, LocalDateTime applied) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String col : COLUMNS) {
            row.put(col, null);
        }
        row.put("ROW_GUID", guid());
        row.put("YWLSH", caseNumber(c, applied.toLocalDate()));
        row.put("SXBM", item.code());
        row.put("SXMC", item.name);
        row.put("BJLX", item.immediate ? "1" : "2");
        boolean person = random.nextDouble() < item.personShare;
        if (person) {
            String name = personName();
            row.put("SQRMC", name);
            row.put("SQRLX", "1");
            if (random.nextInt(100) < 3) {
                // overseas Chinese registering property at home carry a passport, not a resident id
                row.put("ZJLX", "HZ");
                row.put("ZJHM", passportNo());
            } else {
                row.put("ZJLX", "SFZ");
                row.put("ZJHM", residentId(applied.toLocalDate()));
            }
            // relatives often handle the paperwork
            row.put("LXR", random.nextInt(100) < 80 ? name : personName());
        } else {
            row.put("SQRMC", companyName(item));
            row.put("SQRLX", "2");
            row.put("ZJLX", "TYDM");
            row.put("ZJHM", companyCreditCode());
            row.put("LXR", personName());
        }
        row.put("LXDH", mobile());
        row.put("SBLY", channel);
        row.put("SQSJ", when(applied));
        row.put("SLDW", ACCEPTING_UNIT);
        row.put("SLDWDM", ACCEPTING_UNIT_CODE);
        row.put("CNQX", item.days);
        row.put("BLZT", "0");
        row.put("HJMC", "受理");
        row.put("HJKSSJ", when(applied));
        row.put("XZQH", REGION);
        row.put("SJLY", SOURCE_TAG);
        return row;
    }

    /** Applies one event at {@code at} the way the vendor's system rewrites its upload row. */
    private void apply(Map<String, Object> row, Item item, Event e, LocalDateTime at) {
        String step = str(row, "HJMC");
        switch (e) {
            case ACCEPT -> {
                String clerk = pick(WINDOW_CLERKS);
                int days = row.get("CNQX") instanceof Number n ? n.intValue() : item.days;
                row.put("SLR", clerk);
                row.put("SLSJ", when(at));
                row.put("SLWSBH", "涪规资受〔" + at.getYear() + "〕" + docNo("SL", at) + "号");
                row.put("CNBJSJ", when(plusWorkdays(at.toLocalDate(), days).atTime(18, 0)));
                set(row, "1", "受理", clerk, pick(ACCEPT_OPINIONS), at);
            }
            case NOT_ACCEPT -> {
                String reason = pick(NOT_ACCEPT_REASONS);
                set(row, "8", "受理", pick(WINDOW_CLERKS), reason, at);
                close(row, at, "不予受理，已出具《不予受理通知书》（涪规资不受〔" + at.getYear() + "〕"
                        + docNo("BS", at) + "号）：" + reason);
            }
            case REVIEW -> {
                int next = step.equals("受理") ? 0 : Math.min(reviewIndex(step) + 1, REVIEW_STEPS.length - 1);
                String[] handlers = next == 0 ? REVIEWERS : next == 1 ? SECTION_CHIEFS : LEADERS;
                String[] opinions = next == 0 ? FIRST_REVIEW_OPINIONS : next == 1 ? SECOND_REVIEW_OPINIONS
                        : DECISION_OPINIONS;
                set(row, "2", REVIEW_STEPS[next], pick(handlers), pick(opinions), at);
            }
            case CORRECT -> set(row, "3", reviewStep(step), handler(row), pick(CORRECTION_OPINIONS), at);
            case RESUME_CORRECTED -> set(row, "2", reviewStep(step), handler(row), pick(RESUME_CORRECTED), at);
            case SUSPEND -> set(row, "4", reviewStep(step), handler(row), pick(SUSPEND_OPINIONS), at);
            case RESUME_SUSPENDED -> set(row, "2", reviewStep(step), handler(row), pick(RESUME_SUSPENDED), at);
            case APPROVE -> set(row, "5", "制证", pick(CERTIFICATE_CLERKS),
                    "经审查，符合" + item.basis + "的规定，" + item.grant + "。", at);
            case DENY -> {
                String reason = pick(DENY_REASONS);
                set(row, "6", "审批", pick(LEADERS), reason, at);
                close(row, at, "不予许可，已出具《不予行政许可决定书》（涪规资不许〔" + at.getYear() + "〕"
                        + docNo("BX", at) + "号），并告知申请人依法申请行政复议或者提起行政诉讼的权利。");
            }
            case DELIVER -> {
                String licence = item.licenceNo(at, docNo("ZZ" + item.no, at), random);
                set(row, "7", "送达", pick(WINDOW_CLERKS), deliveryNote(), at);
                close(row, at, item.grant + "，核发《" + item.licence + "》（" + licence + "）。");
                row.put("ZZMC", item.licence);
                row.put("ZZBH", licence);
            }
            case WITHDRAW -> {
                String who = row.get("BLR") == null ? pick(WINDOW_CLERKS) : str(row, "BLR");
                set(row, "9", step, who, pick(WITHDRAW_OPINIONS), at);
                close(row, at, "申请人主动撤回申请，终止办理。");
            }
            default -> throw new IllegalArgumentException(e.name());
        }
    }

    private void set(Map<String, Object> row, String status, String step, String handler, String opinion,
                     LocalDateTime at) {
        row.put("BLZT", status);
        row.put("HJMC", step);
        row.put("BLR", handler);
        row.put("BLYJ", opinion);
        row.put("HJKSSJ", when(at));
    }

    private void close(Map<String, Object> row, LocalDateTime at, String result) {
        row.put("BJSJ", when(at));
        row.put("BJJG", result);
    }

    private String handler(Map<String, Object> row) {
        return row.get("BLR") == null ? pick(REVIEWERS) : str(row, "BLR");
    }

    private static String reviewStep(String step) {
        return REVIEW_STEPS[Math.max(0, reviewIndex(step))];
    }

    /** Position of a step among 初审, 复审, 审批; a step this simulator does not know counts as 初审. */
    private static int reviewIndex(String step) {
        for (int i = 0; i < REVIEW_STEPS.length; i++) {
            if (REVIEW_STEPS[i].equals(step)) {
                return i;
            }
        }
        return 0;
    }

    private String deliveryNote() {
        return switch (random.nextInt(4)) {
            case 0 -> "证照已由申请人现场领取，办结。";
            case 1 -> "已通过EMS邮寄送达，运单号" + digits(13) + "。";
            case 2 -> "已推送电子证照至\"渝快办\"，申请人已确认接收。";
            default -> "证照已送达，办结归档。";
        };
    }

    // ---------------------------------------------------------------- timing

    private String drawSeedStatus() {
        // most cases of a 60-day window are closed; a few sit in every open and special state
        int r = random.nextInt(100);
        if (r < 60) {
            return "7";
        }
        String[] rest = {"0", "0", "0", "1", "1", "1", "1", "1", "2", "2", "2", "2", "2", "2", "2", "2", "2", "2",
            "2", "2", "3", "3", "3", "3", "4", "4", "5", "5", "5", "5", "6", "6", "6", "8", "8", "8", "9", "9",
            "9", "9"};
        return rest[r - 60];
    }

    private LocalDateTime drawStart(String status, Item item, String channel, LocalDateTime now) {
        double span = switch (status) {
            case "0" -> 2;
            case "1" -> 4;
            case "2", "3", "4", "5" -> Math.min(SEED_DAYS, item.days * 1.4 + 4);
            default -> SEED_DAYS;
        };
        LocalDate day = now.toLocalDate().minusDays((long) (random.nextDouble() * span));
        while (true) {
            LocalDateTime start;
            if (channel.equals("1")) {
                while (!workday(day)) {
                    day = day.minusDays(1);
                }
                start = officeTime(day);
            } else {
                // online applications arrive at any hour people are awake
                start = day.atTime(7, 0).plusMinutes(random.nextInt(17 * 60)).withSecond(random.nextInt(60));
            }
            if (!start.isAfter(now)) {
                return start;
            }
            day = day.minusDays(1);
        }
    }

    private LocalDateTime timeOf(Event e, LocalDateTime prev, Item item, String channel) {
        int scale = Math.max(1, item.days / 7);
        if (item.immediate) {
            // done on the spot once a clerk has it; an online request waits for the office to open
            boolean onTheSpot = e == Event.DELIVER || channel.equals("1");
            return onTheSpot ? prev.plusMinutes(3 + random.nextInt(25)).plusSeconds(random.nextInt(60))
                    : later(prev, 0, 1);
        }
        return switch (e) {
            case ACCEPT, NOT_ACCEPT -> channel.equals("1")
                    ? prev.plusMinutes(3 + random.nextInt(40)).plusSeconds(random.nextInt(60))
                    : later(prev, 0, 2);
            case REVIEW -> later(prev, 0, scale);
            case CORRECT, SUSPEND, APPROVE, DENY -> later(prev, 0, 2);
            case RESUME_CORRECTED -> later(prev, 2, 8);
            case RESUME_SUSPENDED -> later(prev, 5, 15);
            case DELIVER -> later(prev, 1, 3);
            case WITHDRAW -> later(prev, 0, 5);
        };
    }

    private LocalDateTime later(LocalDateTime t, int minWorkdays, int maxWorkdays) {
        int d = minWorkdays + random.nextInt(maxWorkdays - minWorkdays + 1);
        if (d == 0) {
            LocalDateTime soon = t.plusMinutes(10 + random.nextInt(180)).plusSeconds(random.nextInt(60));
            // the same day only while the office is open; an evening or weekend action waits for the next workday
            if (soon.toLocalDate().equals(t.toLocalDate()) && workday(soon.toLocalDate())
                    && !soon.toLocalTime().isBefore(OPENS) && !soon.toLocalTime().isAfter(CLOSES)) {
                return soon;
            }
            d = 1;
        }
        return officeTime(plusWorkdays(t.toLocalDate(), d));
    }

    /** A moment of the bureau's office hours, 9:00-12:00 and 14:00-18:00. */
    private LocalDateTime officeTime(LocalDate day) {
        int m = random.nextInt(7 * 60);
        LocalTime t = m < 180 ? OPENS.plusMinutes(m) : LocalTime.of(14, 0).plusMinutes(m - 180);
        return day.atTime(t).withSecond(random.nextInt(60));
    }

    // statutory holidays are not modelled: they are the hub's calendar data, and a department working
    // on one is plausible enough for a demo
    private static LocalDate plusWorkdays(LocalDate day, int n) {
        LocalDate d = day;
        for (int i = 0; i < n; ) {
            d = d.plusDays(1);
            if (workday(d)) {
                i++;
            }
        }
        return d;
    }

    private static boolean workday(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** The vendor's sync job runs every five minutes and commits a little after its slot. */
    private LocalDateTime syncTimeAfter(LocalDateTime lastEvent, LocalDateTime now) {
        LocalDateTime slot = lastEvent.truncatedTo(ChronoUnit.HOURS)
                .plusMinutes((lastEvent.getMinute() / 5 + 1) * 5L);
        LocalDateTime synced = slot.plusSeconds(1 + random.nextInt(90)).plusNanos(random.nextInt(1000) * 1_000_000L);
        return synced.isAfter(now) ? now : synced;
    }

    private static String seedBatchNo(LocalDateTime synced) {
        LocalDateTime slot = synced.truncatedTo(ChronoUnit.HOURS).plusMinutes(synced.getMinute() / 5 * 5L);
        int slotOfDay = slot.getHour() * 12 + slot.getMinute() / 5 + 1;
        return COMPACT.format(slot) + "-" + String.format("%04d", slotOfDay);
    }

    private String tickBatchNo(LocalDateTime now) {
        tick = tick % 9999 + 1;
        return COMPACT.format(now) + "-" + String.format("%04d", tick);
    }

    private String seedOperation(String status) {
        int r = random.nextInt(100);
        return switch (status) {
            // a clerk's duplicate registration is deleted by flag, as the vendor never deletes rows
            case "0" -> r < 10 ? "D" : "I";
            case "1" -> r < 10 ? "D" : r < 60 ? "I" : "U";
            // a case uploaded only once, late, after it had already moved on
            default -> r < 10 ? "I" : "U";
        };
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZONE).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Mostly the vendor's dashed form, sometimes what an older module or a hand-edited import wrote. */
    private String when(LocalDateTime t) {
        int r = random.nextInt(100);
        DateTimeFormatter f = r < 70 ? DASHED : r < 83 ? COMPACT : r < 95 ? SLASHED : CHINESE;
        return f.format(t);
    }

    // ---------------------------------------------------------------- numbers and identifiers

    /** 业务流水号 GT + day + five-digit sequence, continuing the sequence the table already holds. */
    private String caseNumber(Connection c, LocalDate day) {
        String prefix = "GT" + DAY.format(day);
        Integer next = counters.get(prefix);
        if (next == null) {
            next = 1;
            if (c != null) {
                next = maxCaseSequence(c, prefix) + 1;
            }
        }
        counters.put(prefix, next + 1);
        return prefix + String.format("%05d", next);
    }

    private static int maxCaseSequence(Connection c, String prefix) {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(YWLSH) FROM " + TABLE + " WHERE YWLSH LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                String max = rs.next() ? rs.getString(1) : null;
                if (max == null || max.length() <= prefix.length()) {
                    return 0;
                }
                try {
                    return Integer.parseInt(max.substring(prefix.length()));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        } catch (SQLException e) {
            throw failure("read case numbers of " + TABLE, e);
        }
    }

    /**
     * Next number of a yearly document series; a series starts near a plausible count for the day of the
     * year it is first used (about six documents a working day).
     */
    private int docNo(String series, LocalDateTime at) {
        String key = series + at.getYear();
        int n = counters.computeIfAbsent(key, k -> 1 + at.getDayOfYear() * 4 + random.nextInt(20));
        counters.put(key, n + 1);
        return n;
    }

    private String guid() {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString().toUpperCase(Locale.ROOT);
    }

    /** 18-character resident id: a Chongqing district, an adult's real birth date, GB 11643 check. */
    private String residentId(LocalDate applied) {
        String region = random.nextInt(100) < 70 ? REGION : pick(CHONGQING_DISTRICTS);
        LocalDate birth = applied.minusYears(20).minusDays(random.nextInt(55 * 365));
        String body = region + DAY.format(birth) + String.format("%03d", random.nextInt(1000));
        return DemoIdentifiers.residentId(body);
    }

    private String passportNo() {
        return random.nextBoolean() ? "E" + digits(8) : "EA" + digits(7);
    }

    /** Enterprise code: 91 + Fuling + organisation code (new MA… or old numeric) + GB 32100 check. */
    private String companyCreditCode() {
        StringBuilder org = new StringBuilder();
        if (random.nextInt(100) < 70) {
            org.append("MA").append(random.nextBoolean() ? "5U" : "60");
            for (int i = 0; i < 4; i++) {
                org.append(CREDIT_ALPHABET.charAt(random.nextInt(CREDIT_ALPHABET.length())));
            }
        } else {
            org.append(1 + random.nextInt(9)).append(digits(7));
        }
        return DemoIdentifiers.creditCode("91", REGION, org.toString());
    }

    private String mobile() {
        String[] prefixes = {"133", "135", "136", "138", "139", "150", "151", "152", "157", "158", "159", "166",
            "173", "176", "177", "180", "181", "182", "183", "187", "189", "191", "198", "199"};
        return pick(prefixes) + digits(8);
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    private String personName() {
        return pick(SURNAMES) + pick(GIVEN_NAMES);
    }

    private String companyName(Item item) {
        String brand = pick(BRANDS);
        String trade = pick(item.trades);
        return switch (random.nextInt(5)) {
            case 0 -> "重庆" + brand + trade + "有限公司";
            case 1 -> "重庆市涪陵" + brand + trade + "有限责任公司";
            default -> "重庆市涪陵区" + brand + trade + "有限公司";
        };
    }

    private String drawChannel(Item item) {
        int r = random.nextInt(100);
        // villagers' building permits and mining renewals still come mostly over the counter
        int window = item.personShare > 0.5 || item.no == 6 ? 65 : 45;
        return r < window ? "1" : r < window + (100 - window) * 2 / 3 ? "2" : "3";
    }

    private Item drawItem(String status) {
        // an immediate item is done on the spot: it is never in review, corrected, suspended or denied
        boolean immediateFits = List.of("0", "1", "7", "8", "9").contains(status);
        int total = 0;
        for (Item it : ITEMS) {
            total += immediateFits || !it.immediate ? it.weight : 0;
        }
        int r = random.nextInt(total);
        for (Item it : ITEMS) {
            if (!immediateFits && it.immediate) {
                continue;
            }
            r -= it.weight;
            if (r < 0) {
                return it;
            }
        }
        throw new AssertionError("item weights");
    }

    private static Item itemOf(Map<String, Object> row) {
        Object code = row.get("SXBM");
        Object name = row.get("SXMC");
        for (Item it : ITEMS) {
            if (it.code().equals(code)) {
                return it;
            }
        }
        for (Item it : ITEMS) {
            if (it.name.equals(name)) {
                return it;
            }
        }
        // a row someone inserted by hand with an item unknown here still moves like a permit
        return ITEMS.get(0);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    // ---------------------------------------------------------------- JDBC plumbing

    @FunctionalInterface
    private interface Work {
        int run(Connection c) throws SQLException;
    }

    private int inTransaction(Work work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int n = work.run(c);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure("write " + TABLE, e);
        }
    }

    private void insertAll(Connection c, List<Map<String, Object>> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_SQL)) {
            int pending = 0;
            for (Map<String, Object> row : rows) {
                bindRow(ps, row);
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private List<String> openCases(Connection c) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(OPEN.size(), "?"));
        List<String> guids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ROW_GUID FROM " + TABLE + " WHERE BLZT IN ("
                + marks + ") AND CZBS <> 'D' ORDER BY ROW_GUID")) {
            for (int i = 0; i < OPEN.size(); i++) {
                ps.setString(i + 1, OPEN.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    guids.add(rs.getString(1));
                }
            }
        }
        return guids;
    }

    private static Map<String, Object> load(PreparedStatement read, String guid) throws SQLException {
        read.setString(1, guid);
        try (ResultSet rs = read.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                String col = COLUMNS.get(i);
                if (col.equals("CNQX")) {
                    int v = rs.getInt(i + 1);
                    row.put(col, rs.wasNull() ? null : v);
                } else if (col.equals("TBSJ")) {
                    row.put(col, rs.getObject(i + 1, LocalDateTime.class));
                } else {
                    String v = rs.getString(i + 1);
                    // CHAR(1) may come back padded on some databases
                    row.put(col, col.equals("CZBS") && v != null ? v.trim() : v);
                }
            }
            return row;
        }
    }

    private static void bindRow(PreparedStatement ps, Map<String, Object> row) throws SQLException {
        for (String key : row.keySet()) {
            if (!COLUMNS.contains(key)) {
                throw new IllegalArgumentException("not a column of " + TABLE + ": '" + key + "'");
            }
        }
        for (int i = 0; i < COLUMNS.size(); i++) {
            bind(ps, i + 1, COLUMNS.get(i), row.get(COLUMNS.get(i)));
        }
    }

    private static void bind(PreparedStatement ps, int index, String column, Object value) throws SQLException {
        switch (column) {
            case "CNQX" -> {
                if (value == null) {
                    ps.setNull(index, Types.INTEGER);
                } else if (value instanceof Number n) {
                    ps.setInt(index, n.intValue());
                } else {
                    throw wrongType(column, value, "a number");
                }
            }
            case "TBSJ" -> {
                if (value == null) {
                    ps.setNull(index, Types.TIMESTAMP);
                } else if (value instanceof LocalDateTime t) {
                    ps.setObject(index, t);
                } else if (value instanceof Timestamp t) {
                    ps.setTimestamp(index, t);
                } else {
                    throw wrongType(column, value, "a LocalDateTime or Timestamp");
                }
            }
            default -> {
                if (value == null) {
                    ps.setNull(index, Types.VARCHAR);
                } else if (value instanceof CharSequence s) {
                    ps.setString(index, s.toString());
                } else {
                    throw wrongType(column, value, "a string");
                }
            }
        }
    }

    private static IllegalArgumentException wrongType(String column, Object value, String expected) {
        return new IllegalArgumentException(column + ": expected " + expected + ", got "
                + value.getClass().getName());
    }

    private static String str(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? "" : v.toString();
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
    }

    private static Map<String, String> statusNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("0", "已申请");
        m.put("1", "已受理");
        m.put("2", "审查中");
        m.put("3", "补正材料");
        m.put("4", "中止");
        m.put("5", "准予许可");
        m.put("6", "不予许可");
        m.put("7", "已办结");
        m.put("8", "不予受理");
        m.put("9", "撤回");
        return m;
    }

    // ---------------------------------------------------------------- the bureau's items and people

    /** Kinds of certificate numbers, each in the form the real document prints. */
    private enum LicenceNo { LAND_PLANNING, PROJECT_PLANNING, RURAL_PLANNING, PROPERTY, DOCUMENT, MINING, QUERY }

    private record Item(int no, String name, boolean immediate, int days, double personShare, int weight,
                        String licence, LicenceNo numbering, String docPrefix, String basis, String grant,
                        String[] trades) {

        /** 实施编码: the accepting unit's credit code, the catalogue's 4000 and a sequence: 24 characters. */
        String code() {
            return ACCEPTING_UNIT_CODE + "40001" + no;
        }

        String licenceNo(LocalDateTime at, int n, RandomGenerator random) {
            int year = at.getYear();
            return switch (numbering) {
                case LAND_PLANNING -> "地字第" + REGION + year + String.format("%05d", n) + "号";
                case PROJECT_PLANNING -> "建字第" + REGION + year + String.format("%05d", n) + "号";
                case RURAL_PLANNING -> "乡字第" + REGION + year + String.format("%05d", n) + "号";
                case PROPERTY -> "渝（" + year + "）涪陵区不动产权第" + String.format("%07d", n * 3 + random.nextInt(3))
                        + "号";
                case DOCUMENT -> docPrefix + "〔" + year + "〕" + n + "号";
                case MINING -> "C" + REGION + year + String.format("%02d", at.getMonthValue())
                        + String.format("%010d", 1_300_000_000L + n * 7L);
                case QUERY -> docPrefix + "〔" + year + "〕" + String.format("%05d", n) + "号";
            };
        }
    }

    private static final List<Item> ITEMS = List.of(
            new Item(1, "建设用地规划许可证核发", false, 20, 0.05, 14, "建设用地规划许可证", LicenceNo.LAND_PLANNING, null,
                    "《中华人民共和国城乡规划法》第三十七条、第三十八条", "准予许可",
                    new String[] {"置业", "房地产开发", "城市建设投资", "实业", "建设工程"}),
            new Item(2, "国有建设用地使用权出让审批", false, 20, 0.0, 8, "国有建设用地使用权出让批复", LicenceNo.DOCUMENT,
                    "涪规资地", "《中华人民共和国土地管理法》第五十四条及《招标拍卖挂牌出让国有建设用地使用权规定》", "予以批准",
                    new String[] {"置业", "房地产开发", "实业", "物流", "页岩气开发"}),
            new Item(3, "不动产首次登记", false, 5, 0.3, 25, "不动产权证书", LicenceNo.PROPERTY, null,
                    "《不动产登记暂行条例》第二十一条", "准予登记",
                    new String[] {"置业", "房地产开发", "实业", "农业开发"}),
            new Item(4, "临时用地审批", false, 15, 0.1, 8, "临时用地批准书", LicenceNo.DOCUMENT, "涪规资临",
                    "《中华人民共和国土地管理法》第五十七条", "予以批准",
                    new String[] {"页岩气开发", "建设工程", "建材", "物流"}),
            new Item(5, "乡村建设规划许可证核发", false, 10, 0.95, 15, "乡村建设规划许可证", LicenceNo.RURAL_PLANNING, null,
                    "《中华人民共和国城乡规划法》第四十一条", "准予许可",
                    new String[] {"农业开发", "乡村旅游开发"}),
            new Item(6, "采矿许可证延续登记", false, 15, 0.0, 4, "采矿许可证", LicenceNo.MINING, null,
                    "《矿产资源开采登记管理办法》第七条", "准予延续登记",
                    new String[] {"矿业", "石材", "建材", "页岩砖"}),
            new Item(7, "建设工程规划许可证核发", false, 15, 0.1, 12, "建设工程规划许可证", LicenceNo.PROJECT_PLANNING, null,
                    "《中华人民共和国城乡规划法》第四十条", "准予许可",
                    new String[] {"置业", "房地产开发", "建设工程", "城市建设投资"}),
            new Item(8, "不动产登记资料查询", true, 0, 0.85, 14, "不动产登记资料查询结果证明", LicenceNo.QUERY, "涪不动产查",
                    "《不动产登记资料查询暂行办法》第十四条", "予以查询",
                    new String[] {"置业", "融资担保", "实业"}));

    private static final String[] CHONGQING_DISTRICTS = {"500101", "500103", "500104", "500105", "500106",
        "500107", "500108", "500109", "500110", "500112", "500113", "500115", "500116", "500119"};

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
        "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
        "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
        "姚", "卢", "钟", "谭", "冉", "向", "秦", "况", "文", "夏", "付", "廖", "贺", "龚", "熊", "汪", "幸", "聂"};

    private static final String[] GIVEN_NAMES = {"伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
        "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "秀英", "桂英", "建华", "建国", "志强", "永红", "德明", "小兵",
        "晓燕", "春梅", "国庆", "海燕", "红梅", "玉兰", "世友", "长林", "光明", "婷婷", "子涵", "浩然", "欣怡", "宇航",
        "思雨", "俊杰", "泽宇", "梓萱", "大勇", "明亮", "德华", "素芬", "仕伦", "中华", "家林", "远志", "德芳", "文静",
        "兴旺", "小红", "开富"};

    private static final String[] BRANDS = {"江东", "李渡", "白涛", "荔枝", "蔺市", "龙潭", "新妙", "清溪", "南沱",
        "珍溪", "义和", "马武", "焦石", "百胜", "同乐", "大木", "武陵", "乌江", "长江", "鑫源", "华峰", "宏业", "恒通",
        "兴达", "瑞丰", "聚鑫", "佳禾", "润泽", "渝东", "巴蜀", "锦程", "天盛", "亿鑫", "金桥", "嘉禾"};

    private static final String[] WINDOW_CLERKS = {"冉晓琴", "谭丽", "向红梅", "秦雪", "况永芳", "周敏"};
    private static final String[] REVIEWERS = {"陈志刚", "刘洋", "何俊", "张倩", "彭涛", "罗丹"};
    private static final String[] SECTION_CHIEFS = {"黄建平", "李国华", "吴晓东"};
    private static final String[] LEADERS = {"杨光明", "郑德全"};
    private static final String[] CERTIFICATE_CLERKS = {"蒋莉", "邓小燕", "夏玲"};

    private static final String[] ACCEPT_OPINIONS = {
        "申请材料齐全，符合法定形式，予以受理。",
        "经核查，申请材料齐全、符合法定形式，同意受理，转初审。",
        "材料齐全，当场受理。",
        "申请人已按要求提交全部材料，予以受理，请按时办结。"};

    private static final String[] NOT_ACCEPT_REASONS = {
        "申请事项不属于本机关职权范围，已告知申请人向重庆市规划和自然资源局提出申请。",
        "申请事项依法不需要取得行政许可，已当场告知申请人。",
        "申请人提交的《授权委托书》未加盖公章，经一次性告知后未补正，不予受理。",
        "该宗地存在查封登记，依据《不动产登记暂行条例》第二十二条，不予受理。"};

    private static final String[] FIRST_REVIEW_OPINIONS = {
        "经审查，申请材料真实有效，项目选址符合国土空间总体规划，拟同意，报复审。",
        "已组织现场踏勘，现状与申请材料一致，拟同意。",
        "经初审，符合办理条件，建议准予许可，提交科室负责人复审。",
        "初审意见：宗地界址清楚，面积准确，权属无争议，拟同意。",
        "材料审查中，已通知申请人于本周内配合现场核查。"};

    private static final String[] SECOND_REVIEW_OPINIONS = {
        "同意初审意见，报分管领导审批。",
        "经复核，同意，报局领导签批。",
        "同意，请按程序报批。"};

    private static final String[] DECISION_OPINIONS = {"同意。", "同意，按规定办理。", "同意科室意见。"};

    private static final String[] CORRECTION_OPINIONS = {
        "申请材料不齐全，请于5个工作日内补正：1.宗地界址点坐标成果表；2.授权委托书原件。",
        "经审查，总平面图与规划条件不符，请修改后重新提交。",
        "缺少\"林地使用审核同意书\"，请申请人补正材料，补正期间不计入审批时限。",
        "请补充提交土地复垦方案及复垦费用预存凭证。"};

    private static final String[] RESUME_CORRECTED = {"申请人已补正材料，恢复审查。", "补正材料已收齐，继续办理。"};

    private static final String[] SUSPEND_OPINIONS = {
        "因该宗地涉及权属争议，依法中止审查，待争议解决后恢复办理。",
        "需组织听证，听证期间中止审查，不计入办理时限。",
        "需进行专家评审, 中止审查, 评审时间不计入承诺期限。",
        "申请人申请延期提交\"土地出让价款缴纳凭证\"，暂停办理。"};

    private static final String[] RESUME_SUSPENDED = {
        "中止情形已消除，恢复审查。", "听证程序已结束，恢复审查。", "专家评审意见已出具，恢复办理。"};

    private static final String[] DENY_REASONS = {
        "经审查，拟建项目用地位于生态保护红线范围内，不符合国土空间规划，不予许可。",
        "申请用地不符合\"一书三证\"管理要求，不予许可。",
        "经现场核查，申请人已擅自动工建设，须依法查处后方可办理，不予许可。",
        "该宗地存在查封, 抵押权人未同意, 不予办理。"};

    private static final String[] WITHDRAW_OPINIONS = {
        "申请人提交《撤回申请书》，称\"项目方案调整, 暂缓办理\"，同意撤回。",
        "申请人书面申请撤回，经审核同意，终止审查。",
        "申请人因资金原因申请撤回，同意。"};
}
