package org.cityhub.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

import javax.sql.DataSource;

/**
 * The database behind the simulated legacy SOAP service of the drug administration (食品药品监督管理局,
 * department code {@value #DEPARTMENT_CODE}, Fuling district 500102): the vendor's case table
 * {@value #TABLE} with one row per case (updated in place, {@code GXSJ} = last change) and its materials
 * table {@value #MATERIALS}. Every value is a string as the vendor stores it; times are
 * {@code yyyyMMddHHmmss} in China time ({@link #ZONE}) whatever the clock's zone.
 *
 * <p>The bureau's own status codes ({@code BLZT}), {@link #STATUS_NAMES}: {@code 1} 已受理, {@code 2} 审核中
 * (at step 审核 or 审批), {@code 3} 补正, {@code 4} 已批准 (制证), {@code 5} 不予批准 (closed), {@code 6} 已办结
 * (closed, certificate issued). Cases move 1→2(审核→审批)→4→6, with detours 2⇄3 and the exit 2→5; an
 * immediate item (医疗器械经营备案) goes 1→6 on the spot.
 *
 * <p>Mostly pharmacist registrations (执业药师注册) by persons with GB 11643 resident ids, plus drug retail
 * licences and medical device filings by companies with GB 32100 credit codes. Everything generated depends
 * only on the {@link RandomGenerator}, the {@link Clock} and the table's content. Write methods are
 * synchronized (the simulated clerks and a test may share an instance); reads run concurrently.
 */
public final class DrugAdministrationLegacyDb {

    private static final String CREDIT_ALPHABET = DemoIdentifiers.CREDIT_ALPHABET;

    /** The case table (药品监管审批 办件信息). */
    public static final String TABLE = "YPJG_BJXX";
    /** The materials table (材料信息), several rows per case. */
    public static final String MATERIALS = "YPJG_CLXX";
    /** The columns of {@link #TABLE}; also the keys of a row map (plus {@link #CLXX}). */
    public static final List<String> COLUMNS = List.of("YWLSH", "SXBM", "SXMC", "BJLX", "SQR", "SQRLX", "ZJLX", "SQRZJHM",
            "LXR", "LXDH", "SBFS", "SQSJ", "SLSJ", "SLR", "SLBH", "CNQX", "BLZT", "HJMC", "BLR", "BLYJ", "BJSJ", "BJJG",
            "ZSMC", "ZSBH", "YXQZ", "GXSJ", "JGM", "PTBH");
    /**
     * Columns added in the 2019 revision for cases the city platform sends (sbBjxx): 统一服务监管码 and the
     * platform's own case number. Empty on the bureau's own cases, and then left out of the SOAP answers.
     */
    public static final List<String> PLATFORM_COLUMNS = List.of("JGM", "PTBH");
    /** Key of a row map holding its materials: a list of maps with {@code CLMC}, {@code FS}, {@code TJFS}. */
    public static final String CLXX = "CLXX";
    /** The bureau's status codes and their names. */
    public static final Map<String, String> STATUS_NAMES = Map.of("0", "待受理", "1", "已受理", "2", "审核中", "3", "补正",
            "4", "已批准", "5", "不予批准", "6", "已办结");
    public static final String DEPARTMENT_CODE = "drug";
    public static final String REGION = "500102";
    public static final String UNIT = "重庆市涪陵区食品药品监督管理局";
    /** The bureau's unified social credit code (a government body, 11...), valid per GB 32100. */
    public static final String UNIT_CODE = DemoIdentifiers.creditCode("11", REGION, "MB1C7730");
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** The vendor's time format, of every time column. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final List<String> OPEN = List.of("1", "2", "3", "4");
    private static final int SEED_DAYS = 90;

    private final DataSource dataSource;
    private final RandomGenerator random;
    private final Clock clock;
    private final Map<String, Integer> counters = new HashMap<>();

    public DrugAdministrationLegacyDb(DataSource dataSource, RandomGenerator random, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates both tables and the change-time index unless they exist (H2). */
    public static void createSchema(DataSource ds) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + TABLE + " (\n");
        for (String c : COLUMNS) {
            ddl.append("  ").append(c).append(c.equals("YWLSH") ? " VARCHAR(20) NOT NULL PRIMARY KEY" : c.equals("GXSJ")
                    ? " VARCHAR(14) NOT NULL" : c.equals("BLYJ") || c.equals("BJJG") ? " VARCHAR(1000)" : " VARCHAR(200)")
                    .append(",\n");
        }
        ddl.setLength(ddl.length() - 2);
        ddl.append("\n)");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(ddl.toString());
            st.execute("CREATE INDEX IF NOT EXISTS IDX_YPJG_BJXX_GXSJ ON " + TABLE + " (GXSJ, YWLSH)");
            // the 2019 revision, also on a database created before it
            st.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS JGM VARCHAR(25)");
            st.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS PTBH VARCHAR(50)");
            st.execute("CREATE INDEX IF NOT EXISTS IDX_YPJG_BJXX_JGM ON " + TABLE + " (JGM)");
            st.execute("CREATE TABLE IF NOT EXISTS " + MATERIALS + " (YWLSH VARCHAR(20) NOT NULL, XH INT NOT NULL,"
                    + " CLMC VARCHAR(200), FS VARCHAR(10), TJFS VARCHAR(2), PRIMARY KEY (YWLSH, XH))");
        } catch (SQLException e) {
            throw failure("create " + TABLE, e);
        }
    }

    // ---------------------------------------------------------------- reading (the SOAP service's queries)

    /** One page of cases changed since a time, and how many there are in all. */
    public record Page(int total, List<Map<String, Object>> rows) {
    }

    /**
     * Cases with {@code GXSJ >= kssj}, ordered by ({@code GXSJ}, {@code YWLSH}), page {@code page} (1-based)
     * of {@code pageSize}, each with its materials under {@link #CLXX}.
     */
    public Page changedSince(String kssj, int page, int pageSize) {
        try (Connection c = dataSource.getConnection()) {
            int total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + TABLE + " WHERE GXSJ >= ?")) {
                ps.setString(1, kssj);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", COLUMNS) + " FROM " + TABLE
                    + " WHERE GXSJ >= ? ORDER BY GXSJ, YWLSH OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setString(1, kssj);
                ps.setLong(2, (long) (page - 1) * pageSize);
                ps.setInt(3, pageSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            attachMaterials(c, rows);
            return new Page(total, rows);
        } catch (SQLException e) {
            throw failure("read " + TABLE, e);
        }
    }

    /** One case by its number, with its materials. */
    public Optional<Map<String, Object>> find(String ywlsh) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", COLUMNS) + " FROM " + TABLE
                     + " WHERE YWLSH = ?")) {
            ps.setString(1, ywlsh);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<Map<String, Object>> rows = new ArrayList<>(List.of(row(rs)));
                attachMaterials(c, rows);
                return Optional.of(rows.get(0));
            }
        } catch (SQLException e) {
            throw failure("read " + TABLE, e);
        }
    }

    /** Whether the table holds no case; the guard against seeding twice. */
    public boolean isEmpty() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + TABLE);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1) == 0;
        } catch (SQLException e) {
            throw failure("read " + TABLE, e);
        }
    }

    // ---------------------------------------------------------------- writing

    /** Inserts {@code cases} cases applied for over the last ~90 days, in every state; returns the count. */
    public synchronized int seed(int cases) {
        LocalDateTime now = now();
        List<LocalDateTime> starts = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            LocalDateTime start = officeTime(now.toLocalDate().minusDays(random.nextInt(SEED_DAYS)));
            while (start.isAfter(now.minusHours(1))) {
                start = officeTime(start.toLocalDate().minusDays(1));
            }
            starts.add(start);
        }
        Collections.sort(starts);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LocalDateTime start : starts) {
            Item item = drawItem();
            String status = drawSeedStatus(item, start, now);
            Map<String, Object> row = application(item, start);
            LocalDateTime t = start;
            for (String step : pathTo(status, item)) {
                boolean sameDay = step.equals("ACCEPT") || item.immediate;
                LocalDateTime next = later(t, sameDay ? 0 : 1, sameDay ? 0 : item.days / 4 + 1);
                if (next.isAfter(now)) {
                    if (!step.equals("ACCEPT")) {
                        break;
                    }
                    next = now;
                }
                t = next;
                apply(row, item, step, t);
            }
            // the vendor's system stamps the change a little after the clerk's action
            LocalDateTime changed = t.plusSeconds(30 + random.nextInt(240));
            row.put("GXSJ", TIME.format(changed.isAfter(now) ? now : changed));
            rows.add(row);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (Map<String, Object> row : rows) {
                insert(c, row);
            }
            c.commit();
        } catch (SQLException e) {
            throw failure("seed " + TABLE, e);
        }
        return rows.size();
    }

    /**
     * One tick of the bureau's clerks: {@code newCases} applications accepted now, and up to {@code moves}
     * open cases moved one step on; every changed case gets {@code GXSJ} = now.
     *
     * @return cases inserted or changed
     */
    public synchronized int advance(int newCases, int moves) {
        LocalDateTime now = now();
        int changed = 0;
        for (int i = 0; i < newCases; i++) {
            Item item = drawItem();
            Map<String, Object> row = application(item, now.minusMinutes(5 + random.nextInt(120)));
            apply(row, item, "ACCEPT", now);
            row.put("GXSJ", TIME.format(now));
            insert(row);
            changed++;
        }
        // cases the city platform sent are worked on first, one step per tick, the oldest change first
        for (String ywlsh : openPlatformCases(moves)) {
            Map<String, Object> row = find(ywlsh).orElseThrow();
            Item item = itemOf(row);
            apply(row, item, nextStep(row, item), now);
            row.put("GXSJ", TIME.format(now));
            update(row);
            changed++;
        }
        List<String> open = openCases();
        Collections.shuffle(open, new java.util.Random(random.nextLong()));
        for (String ywlsh : open.subList(0, Math.min(moves, open.size()))) {
            Map<String, Object> row = find(ywlsh).orElseThrow();
            Item item = itemOf(row);
            apply(row, item, nextStep(row, item), now);
            row.put("GXSJ", TIME.format(now));
            update(row);
            changed++;
        }
        return changed;
    }

    /**
     * A complete case in the given state, not stored, {@code GXSJ} = now. The case number is unique per
     * instance (it continues the table's numbering for the day).
     */
    public synchronized Map<String, Object> newCase(String status) {
        if (!STATUS_NAMES.containsKey(status)) {
            throw new IllegalArgumentException("unknown BLZT '" + status + "', expected one of " + STATUS_NAMES.keySet());
        }
        LocalDateTime now = now();
        Item item = status.equals("1") || status.equals("6") ? drawItem() : drawNonImmediateItem();
        Map<String, Object> row = application(item, now.minusHours(1 + random.nextInt(48)));
        for (String step : pathTo(status, item)) {
            apply(row, item, step, now);
        }
        row.put("GXSJ", TIME.format(now));
        return row;
    }

    /** Stores a new case (all columns of {@link #COLUMNS}, absent ones null, and its {@link #CLXX}). */
    public synchronized void insert(Map<String, Object> row) {
        try (Connection c = dataSource.getConnection()) {
            insert(c, row);
        } catch (SQLException e) {
            throw failure("insert into " + TABLE, e);
        }
    }

    /** Rewrites a stored case (by {@code YWLSH}) with the row's values, as the vendor updates in place. */
    public synchronized void update(Map<String, Object> row) {
        List<String> set = COLUMNS.subList(1, COLUMNS.size());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET " + String.join(" = ?, ", set)
                     + " = ? WHERE YWLSH = ?")) {
            for (int i = 0; i < set.size(); i++) {
                ps.setString(i + 1, str(row.get(set.get(i))));
            }
            ps.setString(set.size() + 1, (String) row.get("YWLSH"));
            if (ps.executeUpdate() != 1) {
                throw new IllegalArgumentException("no case " + row.get("YWLSH") + " in " + TABLE);
            }
        } catch (SQLException e) {
            throw failure("update " + TABLE, e);
        }
    }

    /**
     * 申报办件: stores a case the city platform sends the bureau (full fusion) as 待受理 ({@code BLZT} 0) under a
     * new 业务流水号 with the platform's supervision code ({@code JGM}) and case number ({@code PTBH}), and
     * returns the 业务流水号. The same supervision code again returns the case already stored, as the
     * vendor's system does for a resent case.
     *
     * @param c column name → value (the {@link #COLUMNS} the platform fills) and {@link #CLXX} materials
     * @throws IllegalArgumentException naming a missing or malformed value
     */
    public synchronized String receive(Map<String, Object> c) {
        for (String required : List.of("JGM", "SXMC", "SQR", "SQRZJHM", "SQSJ")) {
            if (c.get(required) == null || str(c.get(required)).isBlank()) {
                throw new IllegalArgumentException(required.toLowerCase(java.util.Locale.ROOT) + " 不能为空");
            }
        }
        if (!str(c.get("SQSJ")).matches("\\d{14}")) {
            throw new IllegalArgumentException("sqsj 格式应为 yyyyMMddHHmmss");
        }
        String jgm = str(c.get("JGM"));
        Optional<String> known = byJgm(jgm);
        if (known.isPresent()) {
            return known.get();
        }
        LocalDateTime now = now();
        Map<String, Object> row = new LinkedHashMap<>();
        COLUMNS.forEach(k -> row.put(k, null));
        for (String k : List.of("SXBM", "SXMC", "BJLX", "SQR", "SQRLX", "ZJLX", "SQRZJHM", "LXR", "LXDH", "SBFS", "SQSJ", "JGM", "PTBH")) {
            row.put(k, str(c.get(k)));
        }
        row.put("YWLSH", caseNumber(now.toLocalDate()));
        Item item = itemOf(row);
        row.put("CNQX", item.immediate ? "0" : Integer.toString(item.days));
        set(row, "0", "待受理", null, null);
        row.put("GXSJ", TIME.format(now));
        row.put(CLXX, c.get(CLXX) instanceof List<?> materials ? materials : List.of());
        insert(row);
        return (String) row.get("YWLSH");
    }

    private Optional<String> byJgm(String jgm) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT YWLSH FROM " + TABLE + " WHERE JGM = ?")) {
            ps.setString(1, jgm);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read " + TABLE, e);
        }
    }

    /** Now, in the vendor's format. */
    public String nowText() {
        return TIME.format(now());
    }

    // ---------------------------------------------------------------- the cases' life

    private List<String> pathTo(String status, Item item) {
        return switch (status) {
            case "0" -> List.of();
            case "1" -> List.of("ACCEPT");
            case "2" -> random.nextBoolean() ? List.of("ACCEPT", "REVIEW") : List.of("ACCEPT", "REVIEW", "DECIDE");
            case "3" -> List.of("ACCEPT", "REVIEW", "CORRECT");
            case "4" -> List.of("ACCEPT", "REVIEW", "DECIDE", "APPROVE");
            case "5" -> List.of("ACCEPT", "REVIEW", "DECIDE", "DENY");
            case "6" -> item.immediate ? List.of("ACCEPT", "ISSUE")
                    : random.nextInt(100) < 10 ? List.of("ACCEPT", "REVIEW", "CORRECT", "RESUME", "DECIDE", "APPROVE", "ISSUE")
                    : List.of("ACCEPT", "REVIEW", "DECIDE", "APPROVE", "ISSUE");
            default -> throw new IllegalArgumentException("unknown BLZT '" + status + "'");
        };
    }

    private String nextStep(Map<String, Object> row, Item item) {
        int r = random.nextInt(100);
        return switch (str(row.get("BLZT"))) {
            case "0" -> "ACCEPT";
            case "1" -> item.immediate ? "ISSUE" : "REVIEW";
            case "2" -> "审核".equals(row.get("HJMC")) ? (r < 80 ? "DECIDE" : "CORRECT") : (r < 88 ? "APPROVE" : "DENY");
            case "3" -> "RESUME";
            case "4" -> "ISSUE";
            default -> throw new IllegalStateException("case " + row.get("YWLSH") + " is closed");
        };
    }

    private Map<String, Object> application(Item item, LocalDateTime applied) {
        Map<String, Object> row = new LinkedHashMap<>();
        COLUMNS.forEach(c -> row.put(c, null));
        row.put("YWLSH", caseNumber(applied.toLocalDate()));
        row.put("SXBM", item.code());
        row.put("SXMC", item.name);
        row.put("BJLX", item.immediate ? "1" : "2");
        if (item.person) {
            String name = personName();
            row.put("SQR", name);
            row.put("SQRLX", "1");
            row.put("ZJLX", "1");
            row.put("SQRZJHM", residentId(applied.toLocalDate()));
            row.put("LXR", name);
        } else {
            row.put("SQR", companyName(item));
            row.put("SQRLX", "2");
            row.put("ZJLX", "9");
            row.put("SQRZJHM", companyCreditCode());
            row.put("LXR", personName());
        }
        row.put("LXDH", mobile());
        row.put("SBFS", random.nextInt(100) < 60 ? "1" : "2");
        row.put("SQSJ", TIME.format(applied));
        row.put("CNQX", item.immediate ? "0" : Integer.toString(item.days));
        List<Map<String, String>> materials = new ArrayList<>();
        for (String m : item.materials) {
            Map<String, String> mat = new LinkedHashMap<>();
            mat.put("CLMC", m);
            mat.put("FS", m.contains("复印件") ? "2" : "1");
            mat.put("TJFS", "2".equals(row.get("SBFS")) ? "2" : "1");
            materials.add(mat);
        }
        row.put(CLXX, materials);
        return row;
    }

    private void apply(Map<String, Object> row, Item item, String step, LocalDateTime at) {
        switch (step) {
            case "ACCEPT" -> {
                String clerk = pick(WINDOW_CLERKS);
                row.put("SLSJ", TIME.format(at));
                row.put("SLR", clerk);
                row.put("SLBH", "涪食药监受〔" + at.getYear() + "〕" + docNo("SL", at) + "号");
                set(row, "1", "受理", clerk, pick(ACCEPT_OPINIONS));
            }
            case "REVIEW" -> set(row, "2", "审核", pick(REVIEWERS), pick(REVIEW_OPINIONS));
            case "CORRECT" -> set(row, "3", "补正", str(row.get("BLR")).isEmpty() ? pick(REVIEWERS) : str(row.get("BLR")),
                    pick(CORRECTION_OPINIONS));
            case "RESUME" -> set(row, "2", "审核", pick(REVIEWERS), "申请人已补正材料，继续审核。");
            case "DECIDE" -> set(row, "2", "审批", pick(CHIEFS), "经审核，" + pick(DECIDE_OPINIONS));
            case "APPROVE" -> set(row, "4", "制证", pick(CERTIFICATE_CLERKS), "准予" + item.grant + "，制证中。");
            case "DENY" -> {
                set(row, "5", "审批", pick(CHIEFS), pick(DENY_REASONS));
                row.put("BJSJ", TIME.format(at));
                row.put("BJJG", "不予批准：" + row.get("BLYJ"));
            }
            case "ISSUE" -> {
                set(row, "6", item.immediate ? "备案" : "发证", pick(WINDOW_CLERKS), pick(ISSUE_NOTES));
                row.put("BJSJ", TIME.format(at));
                row.put("BJJG", "准予" + item.grant + "，核发《" + item.licence + "》。");
                row.put("ZSMC", item.licence);
                row.put("ZSBH", licenceNo(item, at));
                row.put("YXQZ", item.validYears == 0 ? null : DAY.format(at.toLocalDate().plusYears(item.validYears).minusDays(1)));
            }
            default -> throw new IllegalArgumentException(step);
        }
    }

    private static void set(Map<String, Object> row, String status, String step, String handler, String opinion) {
        row.put("BLZT", status);
        row.put("HJMC", step);
        row.put("BLR", handler);
        row.put("BLYJ", opinion);
    }

    private String drawSeedStatus(Item item, LocalDateTime start, LocalDateTime now) {
        long age = ChronoUnit.DAYS.between(start, now);
        if (item.immediate) {
            return age < 1 && random.nextBoolean() ? "1" : "6";
        }
        int r = random.nextInt(100);
        if (age > item.days * 2L) {
            return r < 92 ? "6" : "5";
        }
        return r < 18 ? "1" : r < 50 ? "2" : r < 62 ? "3" : r < 72 ? "4" : r < 78 ? "5" : "6";
    }

    // ---------------------------------------------------------------- time

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZONE).truncatedTo(ChronoUnit.SECONDS);
    }

    private LocalDateTime officeTime(LocalDate day) {
        LocalDate d = day;
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.minusDays(1);
        }
        int m = random.nextInt(7 * 60);
        LocalTime t = m < 180 ? LocalTime.of(9, 0).plusMinutes(m) : LocalTime.of(14, 0).plusMinutes(m - 180);
        return d.atTime(t).withSecond(random.nextInt(60));
    }

    private LocalDateTime later(LocalDateTime t, int minDays, int maxDays) {
        int days = minDays + random.nextInt(Math.max(1, maxDays - minDays + 1));
        if (days == 0) {
            return t.plusMinutes(5 + random.nextInt(50)).plusSeconds(random.nextInt(60));
        }
        LocalDate d = t.toLocalDate();
        for (int i = 0; i < days; ) {
            d = d.plusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                i++;
            }
        }
        return officeTime(d);
    }

    // ---------------------------------------------------------------- numbers and people

    /** 业务流水号 YJ + day + five-digit sequence, continuing what the table holds for that day. */
    private String caseNumber(LocalDate day) {
        String prefix = "YJ" + DAY.format(day);
        Integer next = counters.get(prefix);
        if (next == null) {
            next = maxSequence(prefix) + 1;
        }
        counters.put(prefix, next + 1);
        return prefix + String.format("%05d", next);
    }

    private int maxSequence(String prefix) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MAX(YWLSH) FROM " + TABLE + " WHERE YWLSH LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                String max = rs.next() ? rs.getString(1) : null;
                return max == null ? 0 : Integer.parseInt(max.substring(prefix.length()));
            }
        } catch (SQLException | NumberFormatException e) {
            return 0;
        }
    }

    private int docNo(String series, LocalDateTime at) {
        String key = series + at.getYear();
        int n = counters.computeIfAbsent(key, k -> 1 + at.getDayOfYear() * 2 + random.nextInt(10));
        counters.put(key, n + 1);
        return n;
    }

    private String licenceNo(Item item, LocalDateTime at) {
        int n = docNo("ZS" + item.no, at);
        return switch (item.no) {
            case 1, 2 -> REGION + at.getYear() + String.format("%05d", n);
            case 3 -> "渝CB023" + String.format("%04d", n);
            default -> "渝涪食药监械经营备" + at.getYear() + String.format("%04d", n) + "号";
        };
    }

    private String residentId(LocalDate applied) {
        String region = random.nextInt(100) < 65 ? REGION : pick(DISTRICTS);
        LocalDate birth = applied.minusYears(23).minusDays(random.nextInt(35 * 365));
        return DemoIdentifiers.residentId(region + DAY.format(birth) + String.format("%03d", random.nextInt(1000)));
    }

    private String companyCreditCode() {
        StringBuilder org = new StringBuilder("MA");
        org.append(random.nextBoolean() ? "5U" : "60");
        for (int i = 0; i < 4; i++) {
            org.append(CREDIT_ALPHABET.charAt(random.nextInt(CREDIT_ALPHABET.length())));
        }
        return DemoIdentifiers.creditCode("91", REGION, org.toString());
    }

    private String mobile() {
        String[] prefixes = {"133", "135", "136", "138", "139", "150", "151", "158", "177", "180", "187", "189", "199"};
        StringBuilder b = new StringBuilder(pick(prefixes));
        for (int i = 0; i < 8; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    private String personName() {
        return pick(SURNAMES) + pick(GIVEN_NAMES);
    }

    private String companyName(Item item) {
        return "重庆市涪陵区" + pick(BRANDS) + pick(item.trades);
    }

    private Item drawItem() {
        int r = random.nextInt(100);
        int acc = 0;
        for (Item it : ITEMS) {
            acc += it.weight;
            if (r < acc) {
                return it;
            }
        }
        return ITEMS.get(0);
    }

    private Item drawNonImmediateItem() {
        Item it;
        do {
            it = drawItem();
        } while (it.immediate);
        return it;
    }

    private static Item itemOf(Map<String, Object> row) {
        return ITEMS.stream().filter(i -> i.code().equals(row.get("SXBM")) || i.name.equals(row.get("SXMC"))).findFirst()
                .orElse(ITEMS.get(0));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    // ---------------------------------------------------------------- JDBC

    private void insert(Connection c, Map<String, Object> row) throws SQLException {
        for (String key : row.keySet()) {
            if (!COLUMNS.contains(key) && !key.equals(CLXX)) {
                throw new IllegalArgumentException("not a column of " + TABLE + ": '" + key + "'");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (" + String.join(", ", COLUMNS)
                + ") VALUES (" + String.join(", ", Collections.nCopies(COLUMNS.size(), "?")) + ")")) {
            for (int i = 0; i < COLUMNS.size(); i++) {
                ps.setString(i + 1, str(row.get(COLUMNS.get(i))));
            }
            ps.executeUpdate();
        }
        if (row.get(CLXX) instanceof List<?> materials) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + MATERIALS
                    + " (YWLSH, XH, CLMC, FS, TJFS) VALUES (?, ?, ?, ?, ?)")) {
                int xh = 1;
                for (Object o : materials) {
                    Map<?, ?> m = (Map<?, ?>) o;
                    ps.setString(1, (String) row.get("YWLSH"));
                    ps.setInt(2, xh++);
                    ps.setString(3, str(m.get("CLMC")));
                    ps.setString(4, str(m.get("FS")));
                    ps.setString(5, str(m.get("TJFS")));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private List<String> openPlatformCases(int limit) {
        List<String> list = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT YWLSH FROM " + TABLE + " WHERE JGM IS NOT NULL"
                     + " AND BLZT IN ('0','1','2','3','4') ORDER BY GXSJ, YWLSH FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("read " + TABLE, e);
        }
        return list;
    }

    private List<String> openCases() {
        List<String> list = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT YWLSH FROM " + TABLE + " WHERE BLZT IN ('1','2','3','4')"
                     + " AND JGM IS NULL ORDER BY YWLSH")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("read " + TABLE, e);
        }
        return list;
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            row.put(COLUMNS.get(i), rs.getString(i + 1));
        }
        return row;
    }

    private static void attachMaterials(Connection c, List<Map<String, Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, List<Map<String, String>>> byCase = new HashMap<>();
        for (Map<String, Object> r : rows) {
            List<Map<String, String>> list = new ArrayList<>();
            byCase.put((String) r.get("YWLSH"), list);
            r.put(CLXX, list);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT YWLSH, CLMC, FS, TJFS FROM " + MATERIALS + " WHERE YWLSH IN ("
                + String.join(", ", Collections.nCopies(byCase.size(), "?")) + ") ORDER BY YWLSH, XH")) {
            int i = 1;
            for (String ywlsh : byCase.keySet()) {
                ps.setString(i++, ywlsh);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("CLMC", rs.getString(2));
                    m.put("FS", rs.getString(3));
                    m.put("TJFS", rs.getString(4));
                    byCase.get(rs.getString(1)).add(m);
                }
            }
        }
    }

    private static String str(Object v) {
        return v == null ? null : v.toString();
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
    }

    // ---------------------------------------------------------------- the bureau's items and people

    private record Item(int no, String name, boolean immediate, boolean person, int days, int weight, String licence,
                        int validYears, String grant, String[] materials, String[] trades) {
        /** 实施编码: the bureau's credit code, 4000, and a sequence: 24 characters. */
        String code() {
            return UNIT_CODE + "40002" + no;
        }
    }

    private static final List<Item> ITEMS = List.of(
            new Item(1, "执业药师注册", false, true, 20, 62, "执业药师注册证", 5, "执业药师注册",
                    new String[] {"执业药师首次注册申请表", "执业药师职业资格证书", "身份证明复印件", "执业单位开具的工作证明",
                        "近6个月内的健康证明"}, new String[0]),
            new Item(2, "执业药师变更注册", false, true, 10, 10, "执业药师注册证", 5, "执业药师变更注册",
                    new String[] {"执业药师变更注册申请表", "执业药师注册证", "新执业单位开具的工作证明"}, new String[0]),
            new Item(3, "药品经营许可证核发（零售）", false, false, 15, 14, "药品经营许可证", 5, "药品经营许可",
                    new String[] {"药品经营许可证申请表", "营业执照复印件", "执业药师注册证复印件", "经营场所及仓库平面布置图",
                        "质量管理制度文件目录"}, new String[] {"大药房有限公司", "医药连锁有限公司江东店", "康泰药房", "仁和堂药店"}),
            new Item(4, "第二类医疗器械经营备案", true, false, 0, 14, "第二类医疗器械经营备案凭证", 0, "备案",
                    new String[] {"第二类医疗器械经营备案表", "营业执照复印件", "经营场所产权证明或租赁协议"},
                    new String[] {"医疗器械有限公司", "康复器械经营部", "大药房有限公司"}));

    private static final String[] DISTRICTS = {"500101", "500103", "500104", "500105", "500106", "500112", "500115"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
        "朱", "胡", "郭", "何", "罗", "谢", "唐", "冉", "向", "谭", "秦", "况", "夏", "廖", "熊"};
    private static final String[] GIVEN_NAMES = {"伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "艳", "杰", "娟", "涛",
        "明", "霞", "秀英", "晓燕", "春梅", "海燕", "红梅", "婷婷", "俊杰", "思雨", "欣怡", "文静", "小红", "德华", "志刚"};
    private static final String[] BRANDS = {"江东", "李渡", "白涛", "荔枝", "蔺市", "龙潭", "乌江", "长江", "康源", "仁心",
        "百姓", "健民", "和平", "同济", "佳禾", "瑞丰"};
    private static final String[] WINDOW_CLERKS = {"谭晓琴", "向丽", "秦雪梅", "况永芳"};
    private static final String[] REVIEWERS = {"陈志刚", "刘洋", "何俊", "张倩"};
    private static final String[] CHIEFS = {"黄建平", "吴晓东"};
    private static final String[] CERTIFICATE_CLERKS = {"蒋莉", "夏玲"};
    private static final String[] ACCEPT_OPINIONS = {"申请材料齐全，符合法定形式，予以受理。", "材料齐全，同意受理，转审核。",
        "经核查，申请材料齐全，予以受理。"};
    private static final String[] REVIEW_OPINIONS = {"材料审核中。", "已核对执业单位信息，材料审核中。",
        "已安排现场核查，待核查结果。"};
    private static final String[] DECIDE_OPINIONS = {"符合条件，拟同意，报审批。", "材料真实有效，符合规定，建议准予。",
        "现场核查合格，建议准予。"};
    private static final String[] CORRECTION_OPINIONS = {"请于5个工作日内补正：执业单位开具的工作证明原件。",
        "健康证明已过期，请补充提交近6个月内的健康证明。", "经营场所平面图与现场不符，请补正后重新提交。"};
    private static final String[] DENY_REASONS = {"申请人在执业单位兼职注册，不符合《执业药师注册管理办法》规定，不予批准。",
        "经现场核查，经营场所面积不符合药品零售企业开办条件，不予批准。", "申请人提供的执业单位证明不实，不予批准。"};
    private static final String[] ISSUE_NOTES = {"证书已由申请人现场领取。", "已通过EMS邮寄送达。", "电子证书已推送至\"渝快办\"。"};
}
