package org.cityhub.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.random.RandomGenerator;

import javax.sql.DataSource;

/**
 * The agricultural-machinery bureau's (农机局) approval system of about 2009, simulated for the demo and
 * the tests of retire mode: the bureau is switching it off and works on the platform directly, so the
 * hub migrates its history. One table {@value #TABLE} (农机行政许可办件), one row per case, numeric
 * row ids ({@code ID}), a last-change time ({@code ZHXGSJ}), status codes of its own ({@code ZT}, see
 * {@code mappings/agri/codes/status.yaml}) and times as {@code yyyy-MM-dd HH:mm:ss} strings, China time.
 * Every case is closed: the history of a system that is being retired.
 *
 * <p>Everything generated depends only on the {@link RandomGenerator}, so a seeded generator
 * reproduces the same history. Works on H2 and MariaDB/MySQL.
 */
public final class AgriculturalMachineryLegacyDb {

    /** The case table. */
    public static final String TABLE = "NJ_XZXK_BJ";
    /** The department code the hub knows this bureau by. */
    public static final String DEPARTMENT_CODE = "agri";
    /** The accepting unit named on every case. */
    public static final String UNIT = "重庆市涪陵区农业机械管理局";

    private static final String[][] ITEMS = {
        {"500102-NJ-001", "拖拉机和联合收割机登记"},
        {"500102-NJ-002", "拖拉机和联合收割机驾驶证核发"},
        {"500102-NJ-003", "农业机械维修技术合格证核发"},
        {"500102-NJ-004", "农机购置补贴资格确认"},
    };
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱"};
    private static final String[] GIVEN = {"建国", "德明", "秀英", "桂兰", "志强", "春梅", "永红", "海涛", "玉珍", "国平", "小军", "红梅"};
    private static final String[] COOPERATIVES = {"涪陵区马武镇农机专业合作社", "涪陵区南沱镇惠农农机合作社", "涪陵区龙潭镇丰收农机服务队"};
    /** Closed statuses and their weight: 03 办结 mostly, 04 退件, 05 不予许可, 06 撤回. */
    private static final String[] CLOSED = {"03", "03", "03", "03", "03", "03", "03", "04", "05", "06"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String INSERT = "INSERT INTO " + TABLE + " (ID, BJBH, SXBM, SXMC, SQR, ZJLX, ZJHM, LXDH, SQSJ, SLSJ, SLR,"
            + " ZT, BJSJ, BJJG, ZSBH, ZHXGSJ) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private final DataSource dataSource;
    private final RandomGenerator random;

    public AgriculturalMachineryLegacyDb(DataSource dataSource, RandomGenerator random) {
        this.dataSource = dataSource;
        this.random = random;
    }

    /** Creates the table unless it exists. */
    public static void createSchema(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            boolean mysql = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).matches(".*(mariadb|mysql).*");
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (\n"
                    + "  ID BIGINT NOT NULL PRIMARY KEY,\n"
                    + "  BJBH VARCHAR(30) NOT NULL,\n"
                    + "  SXBM VARCHAR(24),\n"
                    + "  SXMC VARCHAR(100),\n"
                    + "  SQR VARCHAR(100),\n"
                    + "  ZJLX VARCHAR(2),\n"
                    + "  ZJHM VARCHAR(30),\n"
                    + "  LXDH VARCHAR(30),\n"
                    + "  SQSJ VARCHAR(19),\n"
                    + "  SLSJ VARCHAR(19),\n"
                    + "  SLR VARCHAR(30),\n"
                    + "  ZT VARCHAR(2),\n"
                    + "  BJSJ VARCHAR(19),\n"
                    + "  BJJG VARCHAR(200),\n"
                    + "  ZSBH VARCHAR(40),\n"
                    + "  ZHXGSJ " + (mysql ? "DATETIME" : "TIMESTAMP") + " NOT NULL\n"
                    + ")" + (mysql ? " DEFAULT CHARSET=utf8mb4" : ""));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /** Whether the table holds no case yet. */
    public boolean isEmpty() {
        return count() == 0;
    }

    public long count() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code n} closed historical cases, accepted between 2012 and 2019, ids after the highest
     * present, in batches.
     *
     * @return the number of cases written
     */
    public int seed(int n) {
        try (Connection c = dataSource.getConnection()) {
            long next = maxId(c) + 1;
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (int i = 0; i < n; i++) {
                    bind(ps, next + i);
                    ps.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /** A clerk corrects a case's result text: the row's last-change time moves. */
    public void correctResult(long id, String result, LocalDateTime at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET BJJG = ?, ZHXGSJ = ? WHERE ID = ?")) {
            ps.setString(1, result);
            ps.setTimestamp(2, Timestamp.valueOf(at));
            ps.setLong(3, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long maxId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(ID), 0) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void bind(PreparedStatement ps, long id) throws SQLException {
        String[] item = ITEMS[random.nextInt(ITEMS.length)];
        LocalDate day = LocalDate.of(2012, 1, 1).plusDays(random.nextInt(8 * 365));
        LocalDateTime submitted = day.atTime(8 + random.nextInt(9), random.nextInt(60), random.nextInt(60));
        LocalDateTime accepted = submitted.plusMinutes(5 + random.nextInt(600));
        String status = CLOSED[random.nextInt(CLOSED.length)];
        LocalDateTime closed = accepted.plusDays(1 + random.nextInt(20)).withHour(9 + random.nextInt(8));
        boolean company = random.nextInt(5) == 0;
        String name = company ? COOPERATIVES[random.nextInt(COOPERATIVES.length)]
                : SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
        String idNumber = company
                ? DemoIdentifiers.creditCode("93", "500102", String.format(Locale.ROOT, "MA%06d", id % 1_000_000))
                : DemoIdentifiers.residentId(String.format(Locale.ROOT, "500102%s%03d",
                        LocalDate.of(1950, 1, 1).plusDays(random.nextInt(20000)).format(DateTimeFormatter.BASIC_ISO_DATE),
                        random.nextInt(1000)));
        ps.setLong(1, id);
        ps.setString(2, String.format(Locale.ROOT, "NJ%d-%07d", day.getYear(), id));
        ps.setString(3, item[0]);
        ps.setString(4, item[1]);
        ps.setString(5, name);
        ps.setString(6, company ? "2" : "1");
        ps.setString(7, idNumber);
        ps.setString(8, "1" + (30 + random.nextInt(60)) + String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000)));
        ps.setString(9, submitted.format(TIME));
        ps.setString(10, status.equals("04") ? null : accepted.format(TIME));
        ps.setString(11, status.equals("04") ? null : SURNAMES[random.nextInt(SURNAMES.length)] + "科员");
        ps.setString(12, status);
        ps.setString(13, closed.format(TIME));
        ps.setString(14, switch (status) {
            case "03" -> "准予许可，已发证";
            case "04" -> "材料不全，退件";
            case "05" -> "不符合条件，不予许可";
            default -> "申请人撤回申请";
        });
        ps.setString(15, status.equals("03") ? String.format(Locale.ROOT, "渝涪农机证字[%d]第%05d号", closed.getYear(), id % 100_000) : null);
        ps.setTimestamp(16, Timestamp.valueOf(closed.plusMinutes(random.nextInt(120))));
    }
}
