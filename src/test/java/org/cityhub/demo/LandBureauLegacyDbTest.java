package org.cityhub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LandBureauLegacyDbTest {

    /** Friday 2026-11-20 10:30 in Chongqing; the clock runs in UTC to show the bureau writes China time. */
    static final Instant NOW = Instant.parse("2026-11-20T02:30:00Z");
    static final LocalDateTime LOCAL_NOW = LocalDateTime.of(2026, 11, 20, 10, 30);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final List<DateTimeFormatter> DATE_FORMS = List.of(
            strict("uuuu-MM-dd HH:mm:ss"), strict("uuuuMMddHHmmss"), strict("uuuu/M/d H:mm"), strict("uuuu年M月d日"));
    static final List<String> DATE_COLUMNS = List.of("SQSJ", "SLSJ", "CNBJSJ", "HJKSSJ", "BJSJ");
    static final Pattern GUID = Pattern.compile("[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}");
    static final Pattern CASE_NO = Pattern.compile("GT\\d{8}\\d{5}");
    static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    static final Pattern BATCH = Pattern.compile("\\d{14}-\\d{4}");
    static final Pattern PASSPORT = Pattern.compile("E\\d{8}|EA\\d{7}");
    static final Set<String> OPEN = Set.of("0", "1", "2", "3", "4", "5");

    DataSource ds;

    @BeforeEach
    void freshTable() throws SQLException {
        ds = h2("landtest");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + LandBureauLegacyDb.TABLE);
        }
        LandBureauLegacyDb.createSchema(ds);
    }

    @Test
    void seedingNCasesInsertsNRowsInEveryState() throws SQLException {
        LandBureauLegacyDb db = new LandBureauLegacyDb(ds, new Random(42), CLOCK);
        assertThat(db.isEmpty()).isTrue();

        assertThat(db.seed(400)).isEqualTo(400);

        assertThat(db.isEmpty()).isFalse();
        List<Map<String, Object>> rows = rows(ds);
        assertThat(rows).hasSize(400);
        assertThat(rows).extracting(r -> r.get("YWLSH")).doesNotHaveDuplicates();
        Map<Object, Long> byStatus = rows.stream().collect(Collectors.groupingBy(r -> r.get("BLZT"), Collectors.counting()));
        assertThat(byStatus.keySet()).containsExactlyInAnyOrderElementsOf(LandBureauLegacyDb.STATUS_NAMES.keySet());
        assertThat(byStatus.get("7")).as("most cases are completed").isGreaterThan(400 / 2);
        assertThat(rows).extracting(r -> r.get("SXMC"))
                .contains("建设用地规划许可证核发", "国有建设用地使用权出让审批", "不动产首次登记", "临时用地审批",
                        "乡村建设规划许可证核发", "采矿许可证延续登记");
        LocalDate oldest = rows.stream().map(r -> day((String) r.get("SQSJ"))).min(LocalDate::compareTo).orElseThrow();
        assertThat(oldest).isBetween(LOCAL_NOW.toLocalDate().minusDays(75), LOCAL_NOW.toLocalDate().minusDays(45));
    }

    @Test
    void everyIdentityNumberPassesTheCheckOfItsType() throws SQLException {
        new LandBureauLegacyDb(ds, new Random(7), CLOCK).seed(300);

        Map<Object, Long> byType = new HashMap<>();
        for (Map<String, Object> r : rows(ds)) {
            String type = (String) r.get("ZJLX");
            String number = (String) r.get("ZJHM");
            byType.merge(type, 1L, Long::sum);
            switch (type) {
                case "SFZ" -> {
                    assertThat(r.get("SQRLX")).isEqualTo("1");
                    assertThat(validResidentId(number)).as(number).isTrue();
                    assertThat(number).startsWith("5001");
                    LocalDate birth = LocalDate.parse(number.substring(6, 14), strict("uuuuMMdd"));
                    assertThat(birth).isBetween(LocalDate.of(1940, 1, 1), LocalDate.of(2008, 12, 31));
                }
                case "TYDM" -> {
                    assertThat(r.get("SQRLX")).isEqualTo("2");
                    assertThat(validCreditCode(number)).as(number).isTrue();
                    assertThat(number).startsWith("91500102");
                }
                case "HZ" -> {
                    assertThat(r.get("SQRLX")).isEqualTo("1");
                    assertThat(number).matches(PASSPORT);
                }
                default -> fail("unexpected ZJLX " + type);
            }
            assertThat(validCreditCode((String) r.get("SLDWDM"))).isTrue();
            assertThat((String) r.get("SLDWDM")).startsWith("11500102");
        }
        assertThat(byType.keySet()).contains("SFZ", "TYDM");
        // the checks themselves, on the examples of LEGACY-SYSTEMS.md and one typo each
        assertThat(validResidentId("11010519491231002X")).isTrue();
        assertThat(validResidentId("110105194912310021")).isFalse();
        assertThat(validCreditCode("91350100M000100Y43")).isTrue();
        assertThat(validCreditCode("91350100M000100Y44")).isFalse();
    }

    @Test
    void everyDateIsADeclaredFormAndARealDateInLifecycleOrder() throws SQLException {
        new LandBureauLegacyDb(ds, new Random(11), CLOCK).seed(300);

        Map<Integer, Integer> formsSeen = new HashMap<>();
        for (Map<String, Object> r : rows(ds)) {
            for (String col : DATE_COLUMNS) {
                String s = (String) r.get(col);
                if (s != null) {
                    formsSeen.merge(formOf(s), 1, Integer::sum);
                }
            }
            assertChronological(r, LOCAL_NOW);
            // clerks act on workdays; only online applications arrive at weekends
            for (String col : List.of("SLSJ", "BJSJ")) {
                if (r.get(col) != null) {
                    assertThat(day((String) r.get(col)).getDayOfWeek()).as(r.get("YWLSH") + " " + col)
                            .isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
                }
            }
        }
        assertThat(formsSeen.keySet()).as("all four vendor forms occur").containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(formsSeen.get(0)).as("the dashed form dominates").isGreaterThan(formsSeen.get(1) + formsSeen.get(2));
    }

    @Test
    void everyRowIsConsistentWithItsState() throws SQLException {
        new LandBureauLegacyDb(ds, new Random(3), CLOCK).seed(400);

        List<Map<String, Object>> rows = rows(ds);
        rows.forEach(r -> assertConsistent(r, LOCAL_NOW));
        assertThat(rows).extracting(r -> r.get("CZBS")).contains("I", "U");
        assertThat(rows).filteredOn(r -> "2".equals(r.get("BLZT"))).extracting(r -> r.get("HJMC"))
                .contains("初审", "复审");
    }

    @Test
    void advanceInsertsNewCasesAndMovesOpenCasesAtTheClocksNow() throws SQLException {
        new LandBureauLegacyDb(ds, new Random(5), CLOCK).seed(120);
        Map<Object, Map<String, Object>> before = byGuid(rows(ds));
        Instant later = NOW.plus(Duration.ofHours(2));
        LocalDateTime laterLocal = LOCAL_NOW.plusHours(2);
        LandBureauLegacyDb ticker = new LandBureauLegacyDb(ds, new Random(6), Clock.fixed(later, ZoneOffset.UTC));

        assertThat(ticker.advance(4, 6)).isEqualTo(10);

        Map<Object, Map<String, Object>> after = byGuid(rows(ds));
        assertThat(after).hasSize(124);
        List<Map<String, Object>> written = after.values().stream()
                .filter(r -> laterLocal.equals(r.get("TBSJ"))).toList();
        assertThat(written).hasSize(10);
        assertThat(written).extracting(r -> r.get("PCH")).containsOnly(written.get(0).get("PCH"));
        assertThat(before.values()).extracting(r -> r.get("PCH")).doesNotContain(written.get(0).get("PCH"));

        List<Map<String, Object>> inserted = written.stream().filter(r -> !before.containsKey(r.get("ROW_GUID"))).toList();
        assertThat(inserted).hasSize(4).allSatisfy(r -> {
            assertThat(r.get("CZBS")).isEqualTo("I");
            assertThat(r.get("BLZT")).isIn("0", "1");
        });
        List<Map<String, Object>> updated = written.stream().filter(r -> before.containsKey(r.get("ROW_GUID"))).toList();
        assertThat(updated).hasSize(6).allSatisfy(r -> {
            Map<String, Object> old = before.get(r.get("ROW_GUID"));
            assertThat(old.get("BLZT")).isIn(OPEN);
            assertThat(old.get("CZBS")).isNotEqualTo("D");
            assertThat(r.get("CZBS")).isEqualTo("U");
            assertThat(List.of(r.get("BLZT"), r.get("HJMC"))).as("moved one step")
                    .isNotEqualTo(List.of(old.get("BLZT"), old.get("HJMC")));
            assertThat(day((String) r.get("HJKSSJ"))).isEqualTo(laterLocal.toLocalDate());
            assertThat(r.get("YWLSH")).isEqualTo(old.get("YWLSH"));
            assertThat(r.get("SQSJ")).isEqualTo(old.get("SQSJ"));
        });
        after.values().stream().filter(r -> !laterLocal.equals(r.get("TBSJ")))
                .forEach(r -> assertThat(r).isEqualTo(before.get(r.get("ROW_GUID"))));
        after.values().forEach(r -> assertConsistent(r, laterLocal));

        // asking for more moves than there are open cases moves each open case once
        long open = after.values().stream().filter(r -> OPEN.contains(r.get("BLZT")) && !"D".equals(r.get("CZBS"))).count();
        assertThat(ticker.advance(0, 10_000)).isEqualTo((int) open);
    }

    @Test
    void theSameSeedGivesTheSameData() throws SQLException {
        assertThat(generate("landtest_same_a", 2026)).isEqualTo(generate("landtest_same_b", 2026));
        assertThat(generate("landtest_same_c", 2027)).isNotEqualTo(generate("landtest_same_d", 2026));
    }

    @Test
    void newCaseRowGivesAValidRowForEveryStatusAndInsertStoresIt() throws SQLException {
        LandBureauLegacyDb db = new LandBureauLegacyDb(ds, new Random(9), CLOCK);
        List<Map<String, Object>> made = new ArrayList<>();
        for (String status : LandBureauLegacyDb.STATUS_NAMES.keySet()) {
            for (int i = 0; i < 20; i++) {
                Map<String, Object> row = db.newCaseRow(status);
                assertThat(row.keySet()).containsExactlyElementsOf(LandBureauLegacyDb.COLUMNS);
                assertThat(row.get("BLZT")).isEqualTo(status);
                assertThat(row.get("TBSJ")).isEqualTo(LOCAL_NOW);
                assertConsistent(row, LOCAL_NOW);
                made.add(row);
            }
        }
        try (Connection c = ds.getConnection()) {
            for (Map<String, Object> row : made) {
                db.insert(c, row);
            }
        }
        assertThat(byGuid(rows(ds))).isEqualTo(byGuid(made));

        assertThatThrownBy(() -> db.newCaseRow("X")).isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> typo = new LinkedHashMap<>(db.newCaseRow("0"));
        typo.put("YWSLH", "GT2026112000001");
        try (Connection c = ds.getConnection()) {
            assertThatThrownBy(() -> db.insert(c, typo)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("YWSLH");
        }
    }

    @Test
    void insertKeepsQuotesAndCommasOfOpinionsVerbatim() throws SQLException {
        LandBureauLegacyDb db = new LandBureauLegacyDb(ds, new Random(1), CLOCK);
        Map<String, Object> row = db.newCaseRow("2");
        row.put("BLYJ", "缺少\"林地使用审核同意书\", 请补正'补充材料'; DROP TABLE GT_SPJ_BJXX; --");
        try (Connection c = ds.getConnection()) {
            db.insert(c, row);
        }
        assertThat(rows(ds)).singleElement().satisfies(r -> assertThat(r.get("BLYJ")).isEqualTo(row.get("BLYJ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";MODE=MySQL;DATABASE_TO_LOWER=TRUE", ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE",
        ";MODE=Oracle", ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", ";MODE=MSSQLServer"})
    void schemaAndWriterWorkInEveryH2Mode(String mode) throws SQLException {
        DataSource modal = h2("landtest_mode_" + Math.abs(mode.hashCode()) + mode);
        LandBureauLegacyDb.createSchema(modal);
        LandBureauLegacyDb.createSchema(modal);
        LandBureauLegacyDb db = new LandBureauLegacyDb(modal, new Random(8), CLOCK);
        assertThat(db.isEmpty()).isTrue();
        assertThat(db.seed(30)).isEqualTo(30);
        assertThat(db.advance(2, 3)).isEqualTo(5);
        assertThat(rows(modal)).hasSize(32).allSatisfy(r -> assertConsistent(r, LOCAL_NOW));
        List<String> indexed = new ArrayList<>();
        try (Connection c = modal.getConnection()) {
            // the table name as stored: upper case, or lower case where the mode folds identifiers down
            for (String table : List.of(LandBureauLegacyDb.TABLE, LandBureauLegacyDb.TABLE.toLowerCase())) {
                try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
                    while (rs.next()) {
                        if ("IDX_GT_SPJ_BJXX_TBSJ".equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                            indexed.add(rs.getString("COLUMN_NAME").toUpperCase());
                        }
                    }
                }
            }
        }
        assertThat(indexed).containsExactly("TBSJ", "ROW_GUID");
    }

    // ---------------------------------------------------------------- checks shared with the MariaDB test

    /** Asserts what every row promises, whatever its state. */
    static void assertConsistent(Map<String, Object> r, LocalDateTime now) {
        String status = (String) r.get("BLZT");
        String ctx = r.get("YWLSH") + " in state " + status;
        assertThat((String) r.get("ROW_GUID")).as(ctx).matches(GUID);
        assertThat((String) r.get("YWLSH")).as(ctx).matches(CASE_NO);
        assertThat((String) r.get("SXBM")).as(ctx).hasSize(24).startsWith(LandBureauLegacyDb.ACCEPTING_UNIT_CODE);
        assertThat(r.get("SXMC")).as(ctx).isNotNull();
        assertThat(r.get("BJLX")).as(ctx).isIn("1", "2");
        assertThat(r.get("SQRMC")).as(ctx).isNotNull();
        assertThat(r.get("SQRLX")).as(ctx).isIn("1", "2");
        assertThat(r.get("ZJLX")).as(ctx).isIn("1".equals(r.get("SQRLX")) ? List.of("SFZ", "HZ") : List.of("TYDM"));
        assertThat(r.get("LXR")).as(ctx).isNotNull();
        assertThat((String) r.get("LXDH")).as(ctx).matches(MOBILE);
        assertThat(r.get("SBLY")).as(ctx).isIn("1", "2", "3");
        assertThat(r.get("SLDW")).as(ctx).isEqualTo("重庆市涪陵区规划和自然资源局");
        assertThat(r.get("SLDWDM")).as(ctx).isEqualTo(LandBureauLegacyDb.ACCEPTING_UNIT_CODE);
        assertThat(r.get("CNQX")).as(ctx).isIn("1".equals(r.get("BJLX")) ? List.of(0) : List.of(5, 10, 15, 20));
        assertThat(LandBureauLegacyDb.STATUS_NAMES).as(ctx).containsKey(status);
        assertThat(r.get("HJMC")).as(ctx).isIn("受理", "初审", "复审", "审批", "制证", "送达");
        assertThat(r.get("HJKSSJ")).as(ctx).isNotNull();
        assertThat(r.get("XZQH")).as(ctx).isEqualTo("500102");
        assertThat(r.get("CZBS")).as(ctx).isIn("I", "U", "D");
        assertThat((String) r.get("PCH")).as(ctx).matches(BATCH);
        assertThat((LocalDateTime) r.get("TBSJ")).as(ctx).isNotNull().isBeforeOrEqualTo(now);
        assertThat(r.get("SJLY")).as(ctx).isEqualTo("GTSPXT");
        if ("1".equals(r.get("BJLX"))) {
            assertThat(status).as(ctx + ": an immediate item is never in review").isIn("0", "1", "7", "8", "9");
        }

        boolean accepted = !status.equals("0") && !status.equals("8") && !(status.equals("9") && r.get("SLSJ") == null);
        boolean closed = Set.of("6", "7", "8", "9").contains(status);
        if (accepted) {
            assertThat(List.of("SLR", "SLSJ", "SLWSBH", "CNBJSJ")).as(ctx).allSatisfy(c -> assertThat(r.get(c)).isNotNull());
            assertThat((String) r.get("SLWSBH")).as(ctx).matches("涪规资受〔\\d{4}〕\\d+号");
        } else {
            assertThat(List.of("SLSJ", "SLWSBH", "CNBJSJ")).as(ctx).allSatisfy(c -> assertThat(r.get(c)).isNull());
        }
        if (status.equals("9")) {
            assertThat(r.get("SLR") == null).as(ctx + ": SLR iff SLSJ").isEqualTo(r.get("SLSJ") == null);
        }
        if (closed) {
            assertThat(r.get("BJSJ")).as(ctx).isNotNull();
            assertThat(r.get("BJJG")).as(ctx).isNotNull();
        } else {
            assertThat(r.get("BJSJ")).as(ctx).isNull();
            assertThat(r.get("BJJG")).as(ctx).isNull();
        }
        if (status.equals("7")) {
            assertThat(r.get("ZZMC")).as(ctx).isNotNull();
            assertThat(r.get("ZZBH")).as(ctx).isNotNull();
            assertThat((String) r.get("BJJG")).as(ctx).contains((String) r.get("ZZBH"));
        } else {
            assertThat(r.get("ZZMC")).as(ctx).isNull();
            assertThat(r.get("ZZBH")).as(ctx).isNull();
        }
        switch (status) {
            case "0" -> {
                assertThat(r.get("SLR")).as(ctx).isNull();
                assertThat(r.get("HJMC")).as(ctx).isEqualTo("受理");
            }
            case "2", "3", "4" -> assertThat(r.get("HJMC")).as(ctx).isIn("初审", "复审", "审批");
            case "5" -> assertThat(r.get("HJMC")).as(ctx).isEqualTo("制证");
            case "7" -> assertThat(r.get("HJMC")).as(ctx).isEqualTo("送达");
            case "8" -> assertThat(r.get("SLR")).as(ctx).isNull();
            default -> { }
        }
        assertChronological(r, now);
    }

    /** Application, acceptance, step and completion follow each other and none lies after the sync time. */
    static void assertChronological(Map<String, Object> r, LocalDateTime now) {
        String ctx = (String) r.get("YWLSH");
        LocalDate applied = day((String) r.get("SQSJ"));
        LocalDate accepted = r.get("SLSJ") == null ? applied : day((String) r.get("SLSJ"));
        LocalDate step = day((String) r.get("HJKSSJ"));
        LocalDate synced = ((LocalDateTime) r.get("TBSJ")).toLocalDate();
        assertThat(applied).as(ctx).isBeforeOrEqualTo(accepted);
        assertThat(accepted).as(ctx).isBeforeOrEqualTo(step);
        assertThat(step).as(ctx).isBeforeOrEqualTo(synced);
        if (r.get("BJSJ") != null) {
            assertThat(day((String) r.get("BJSJ"))).as(ctx).isEqualTo(step);
        }
        if (r.get("CNBJSJ") != null) {
            assertThat(day((String) r.get("CNBJSJ"))).as(ctx).isAfterOrEqualTo(accepted);
        }
        assertThat(synced).as(ctx).isBeforeOrEqualTo(now.toLocalDate());
        for (String col : DATE_COLUMNS) {
            if (r.get(col) != null) {
                formOf((String) r.get(col));
            }
        }
    }

    /** Index of the vendor form {@code s} is written in; fails unless it is exactly one real date. */
    static int formOf(String s) {
        for (int i = 0; i < DATE_FORMS.size(); i++) {
            try {
                DATE_FORMS.get(i).parse(s);
                return i;
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        throw new AssertionError("not a date in a declared form: '" + s + "'");
    }

    static LocalDate day(String s) {
        TemporalAccessor t = DATE_FORMS.get(formOf(s)).parse(s);
        return LocalDate.from(t);
    }

    static boolean validResidentId(String id) {
        if (id == null || !id.matches("\\d{17}[\\dX]")) {
            return false;
        }
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * w[i];
        }
        return "10X98765432".charAt(sum % 11) == id.charAt(17);
    }

    static boolean validCreditCode(String code) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        if (code == null || code.length() != 18) {
            return false;
        }
        int[] w = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = alphabet.indexOf(code.charAt(i));
            if (v < 0) {
                return false;
            }
            sum += v * w[i];
        }
        return alphabet.indexOf(code.charAt(17)) == (31 - sum % 31) % 31;
    }

    // ---------------------------------------------------------------- helpers

    static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static List<Map<String, Object>> generate(String dbName, long seed) throws SQLException {
        DataSource d = h2(dbName);
        LandBureauLegacyDb.createSchema(d);
        LandBureauLegacyDb db = new LandBureauLegacyDb(d, new Random(seed), CLOCK);
        db.seed(150);
        db.advance(3, 5);
        return rows(d);
    }

    /** Every row, ordered by GUID, as the writer's types: CNQX Integer, TBSJ LocalDateTime, else String. */
    static List<Map<String, Object>> rows(DataSource d) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = d.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", LandBureauLegacyDb.COLUMNS)
                     + " FROM " + LandBureauLegacyDb.TABLE + " ORDER BY ROW_GUID");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String col : LandBureauLegacyDb.COLUMNS) {
                    Object v = switch (col) {
                        case "CNQX" -> rs.getObject(col, Integer.class);
                        case "TBSJ" -> rs.getObject(col, LocalDateTime.class);
                        case "CZBS" -> rs.getString(col).trim();
                        default -> rs.getString(col);
                    };
                    row.put(col, v);
                }
                out.add(row);
            }
        }
        return out;
    }

    static Map<Object, Map<String, Object>> byGuid(List<Map<String, Object>> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.get("ROW_GUID"), Function.identity()));
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }
}
