package org.cityhub.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * The land bureau's register of construction-land pre-review opinions (建设项目用地预审意见), table
 * {@code GT_YDYS_YJ} of its legacy database: one row per opinion the bureau issued on an investment
 * project, keyed by the national investment project code (项目代码, {@code yyyy-region-industry-type-serial}).
 * The development-and-reform commission asks for a project's opinion before it approves the project;
 * the hub answers that question as the call-out {@code land/pre-review-opinion} (see connectors/land.yaml).
 *
 * <p>Columns as the bureau's system has them: {@code XMDM} project code, {@code XMMC} project name,
 * {@code JSDW} builder, {@code JSDWDM} its unified social credit code, {@code XMWZ} location,
 * {@code YDMJ} land area and {@code GDMJ} arable land within it (hectares), {@code YSJL} conclusion
 * (1 同意, 2 有条件同意 (with conditions), 3 不同意), {@code YSYJ} the opinion's text, {@code WH} document
 * number, {@code QFRQ} issue date, {@code YXQZ} valid until (three years), {@code ZF} 1 = revoked.
 */
public final class LandPreReviewOpinions {

    /** The legacy table. */
    public static final String TABLE = "GT_YDYS_YJ";

    private LandPreReviewOpinions() {
    }

    /** One opinion as the bureau recorded it. */
    public record Opinion(String projectCode, String projectName, String builder, String builderCode, String location,
                          BigDecimal landArea, BigDecimal arableArea, String conclusion, String text, String documentNo,
                          LocalDate issued, boolean revoked) {
    }

    /** The register as the demo bureau starts with it (realistic, fixed: callers can rely on these codes). */
    public static final List<Opinion> REGISTER = List.of(
            new Opinion("2024-500102-48-01-204118", "涪陵区江东街道滨江路改造工程", "重庆市涪陵区城市建设投资集团有限公司",
                    DemoIdentifiers.creditCode("91", "500102", "MA5U1B2C"), "涪陵区江东街道群沱子村、江北街道二渡村",
                    new BigDecimal("6.4213"), new BigDecimal("1.1020"), "2",
                    "经审查，该项目符合国土空间规划，用地规模基本合理。同意通过用地预审，须在项目批准前落实耕地占补平衡，补充耕地1.1020公顷。",
                    "涪规资预审〔2024〕37号", LocalDate.of(2024, 9, 12), false),
            new Opinion("2024-500102-44-01-311902", "白涛化工园区110千伏变电站工程", "国网重庆市电力公司涪陵供电分公司",
                    DemoIdentifiers.creditCode("91", "500102", "MA60XK3D"), "涪陵区白涛街道三门子村",
                    new BigDecimal("0.8640"), BigDecimal.ZERO.setScale(4), "1",
                    "该项目已列入国土空间规划重点建设项目清单，不占用永久基本农田，用地标准符合电力工程项目建设用地指标。同意通过用地预审。",
                    "涪规资预审〔2024〕52号", LocalDate.of(2024, 11, 27), false),
            new Opinion("2025-500102-47-01-100356", "涪陵区第十九中学校迁建工程", "重庆市涪陵区教育委员会",
                    DemoIdentifiers.creditCode("11", "500102", "00945612"), "涪陵区李渡街道聚龙大道南侧",
                    new BigDecimal("5.2977"), new BigDecimal("0.4311"), "1",
                    "项目选址位于城镇开发边界内，符合国土空间规划及教育设施专项规划，用地规模符合《城市普通中小学校校舍建设标准》。同意通过用地预审。",
                    "涪规资预审〔2025〕6号", LocalDate.of(2025, 2, 18), false),
            new Opinion("2025-500102-48-01-118740", "G348涪陵蔺市至龙潭段改建工程", "重庆市涪陵区交通建设有限公司",
                    DemoIdentifiers.creditCode("91", "500102", "MA5YH04E"), "涪陵区蔺市街道、龙潭镇",
                    new BigDecimal("38.1506"), new BigDecimal("9.8724"), "2",
                    "项目线性工程确需占用永久基本农田2.3105公顷，已论证不可避让。同意通过用地预审；须按规定补划永久基本农田，并在用地报批前完成补充耕地。",
                    "涪规资预审〔2025〕19号", LocalDate.of(2025, 4, 3), false),
            new Opinion("2025-500102-30-03-126615", "涪陵区马武镇建筑用砂岩矿配套厂区", "重庆市涪陵区恒岳建材有限公司",
                    DemoIdentifiers.creditCode("91", "500102", "MA61QW7F"), "涪陵区马武镇文观村",
                    new BigDecimal("2.0150"), new BigDecimal("1.7432"), "3",
                    "项目拟用地范围与生态保护红线重叠0.6205公顷，且占用永久基本农田，不符合国土空间规划管控要求。不予通过用地预审。",
                    "涪规资预审〔2025〕23号", LocalDate.of(2025, 4, 29), false),
            new Opinion("2025-500102-76-01-140288", "涪陵区乌江生态保护修复（一期）工程", "重庆市涪陵区水利局",
                    DemoIdentifiers.creditCode("11", "500102", "00945837"), "涪陵区敦仁街道、崇义街道沿江地块",
                    new BigDecimal("12.7730"), BigDecimal.ZERO.setScale(4), "1",
                    "项目为生态修复工程，不改变土地用途，符合国土空间规划。同意通过用地预审。",
                    "涪规资预审〔2025〕31号", LocalDate.of(2025, 6, 16), false),
            new Opinion("2025-500102-44-02-152007", "涪陵区新城区分布式光伏发电项目", "重庆涪能新能源有限公司",
                    DemoIdentifiers.creditCode("91", "500102", "MA62RT8G"), "涪陵区荔枝街道太极大道沿线",
                    new BigDecimal("1.3312"), BigDecimal.ZERO.setScale(4), "1",
                    "同意通过用地预审。",
                    "涪规资预审〔2025〕36号", LocalDate.of(2025, 7, 8), true),
            new Opinion("2025-500102-44-02-152007", "涪陵区新城区分布式光伏发电项目", "重庆涪能新能源有限公司",
                    DemoIdentifiers.creditCode("91", "500102", "MA62RT8G"), "涪陵区荔枝街道太极大道沿线",
                    new BigDecimal("1.1804"), BigDecimal.ZERO.setScale(4), "2",
                    "原预审意见（涪规资预审〔2025〕36号）因建设单位调整用地范围予以撤销。调整后用地符合国土空间规划；须在项目批准前取得电网接入意见。同意通过用地预审。",
                    "涪规资预审〔2025〕44号", LocalDate.of(2025, 9, 1), false),
            new Opinion("2025-500102-54-01-187431", "涪陵综合保税区物流分拨中心", "重庆涪陵综合保税区开发建设有限公司",
                    DemoIdentifiers.creditCode("91", "500102", "MA5XJ09H"), "涪陵区龙桥街道综保区二期",
                    new BigDecimal("9.4605"), new BigDecimal("0.2280"), "1",
                    "项目位于综合保税区规划范围内，符合国土空间规划，用地规模合理。同意通过用地预审。",
                    "涪规资预审〔2025〕58号", LocalDate.of(2025, 11, 20), false),
            new Opinion("2026-500102-84-01-203359", "涪陵区中心医院传染病区扩建工程", "重庆市涪陵中心医院",
                    DemoIdentifiers.creditCode("12", "500102", "45039821"), "涪陵区崇义街道高山湾",
                    new BigDecimal("1.8766"), BigDecimal.ZERO.setScale(4), "1",
                    "项目在原医院用地范围内扩建，符合国土空间规划及医疗卫生设施布局规划。同意通过用地预审。",
                    "涪规资预审〔2026〕9号", LocalDate.of(2026, 3, 10), false));

    /** Creates the table unless it exists; H2 in any compatibility mode and MariaDB/MySQL. */
    public static void createSchema(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String options = product.contains("mariadb") || product.contains("mysql") ? " DEFAULT CHARSET=utf8mb4" : "";
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (\n"
                    + "  ID INT NOT NULL PRIMARY KEY,\n"
                    + "  XMDM VARCHAR(24) NOT NULL,\n"
                    + "  XMMC VARCHAR(200) NOT NULL,\n"
                    + "  JSDW VARCHAR(200),\n"
                    + "  JSDWDM VARCHAR(18),\n"
                    + "  XMWZ VARCHAR(200),\n"
                    + "  YDMJ DECIMAL(12,4),\n"
                    + "  GDMJ DECIMAL(12,4),\n"
                    + "  YSJL CHAR(1) NOT NULL,\n"
                    + "  YSYJ VARCHAR(2000),\n"
                    + "  WH VARCHAR(50) NOT NULL,\n"
                    + "  QFRQ DATE NOT NULL,\n"
                    + "  YXQZ DATE,\n"
                    + "  ZF CHAR(1) DEFAULT '0' NOT NULL\n"
                    + ")" + options);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /** Fills the register unless it holds rows already; returns the rows written. */
    public static int seed(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return 0;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                    + " (ID, XMDM, XMMC, JSDW, JSDWDM, XMWZ, YDMJ, GDMJ, YSJL, YSYJ, WH, QFRQ, YXQZ, ZF) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                int id = 1;
                for (Opinion o : REGISTER) {
                    ps.setInt(1, id++);
                    ps.setString(2, o.projectCode());
                    ps.setString(3, o.projectName());
                    ps.setString(4, o.builder());
                    ps.setString(5, o.builderCode());
                    ps.setString(6, o.location());
                    ps.setBigDecimal(7, o.landArea());
                    ps.setBigDecimal(8, o.arableArea());
                    ps.setString(9, o.conclusion());
                    ps.setString(10, o.text());
                    ps.setString(11, o.documentNo());
                    ps.setObject(12, java.sql.Date.valueOf(o.issued()));
                    // a pre-review opinion is valid for three years (自然资源部令第8号)
                    ps.setObject(13, java.sql.Date.valueOf(o.issued().plusYears(3).minusDays(1)));
                    ps.setString(14, o.revoked() ? "1" : "0");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return REGISTER.size();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed " + TABLE + ": " + e.getMessage(), e);
        }
    }
}
