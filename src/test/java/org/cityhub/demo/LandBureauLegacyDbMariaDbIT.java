package org.cityhub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The simulated bureau on a real MariaDB 10.11 front database at 127.0.0.1:3306 (root, no password), in a
 * throw-away database dropped afterwards. Skipped, not failed, where no such server runs.
 */
class LandBureauLegacyDbMariaDbIT {

    static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    static final LocalDateTime LOCAL_NOW = LandBureauLegacyDbTest.LOCAL_NOW;
    static final Clock CLOCK = Clock.fixed(LandBureauLegacyDbTest.NOW, ZoneOffset.UTC);

    String database;
    MariaDbDataSource ds;

    @BeforeEach
    void createThrowAwayDatabase() throws SQLException {
        // a database of its own, so nothing of the server's `test` database or a parallel run is touched
        database = "cityhub_demo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        ds = new MariaDbDataSource(SERVER + database + "?user=root");
    }

    @AfterEach
    void dropThrowAwayDatabase() throws SQLException {
        if (database != null) {
            try (Connection c = admin(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    @Test
    void createSchemaAndInsertWorkOnMariaDb() throws SQLException {
        LandBureauLegacyDb.createSchema(ds);
        LandBureauLegacyDb.createSchema(ds);
        assertTableShape();

        LandBureauLegacyDb db = new LandBureauLegacyDb(ds, new Random(2026), CLOCK);
        assertThat(db.isEmpty()).isTrue();
        List<Map<String, Object>> made = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            for (String status : LandBureauLegacyDb.STATUS_NAMES.keySet()) {
                Map<String, Object> row = db.newCaseRow(status);
                db.insert(c, row);
                made.add(row);
            }
        }
        // Chinese text, quotes and the millisecond sync time come back exactly as written
        assertThat(LandBureauLegacyDbTest.byGuid(LandBureauLegacyDbTest.rows(ds)))
                .isEqualTo(LandBureauLegacyDbTest.byGuid(made));

        assertThat(db.seed(60)).isEqualTo(60);
        assertThat(db.advance(2, 3)).isEqualTo(5);
        List<Map<String, Object>> rows = LandBureauLegacyDbTest.rows(ds);
        assertThat(rows).hasSize(10 + 60 + 2).allSatisfy(r -> LandBureauLegacyDbTest.assertConsistent(r, LOCAL_NOW));
        assertThat(rows).extracting(r -> r.get("YWLSH")).doesNotHaveDuplicates();
    }

    private void assertTableShape() throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT DATA_TYPE, DATETIME_PRECISION, IS_NULLABLE"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = 'TBSJ'")) {
                ps.setString(1, database);
                ps.setString(2, LandBureauLegacyDb.TABLE);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualToIgnoringCase("datetime");
                    assertThat(rs.getInt(2)).isEqualTo(3);
                    assertThat(rs.getString(3)).isEqualTo("NO");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.STATISTICS"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'IDX_GT_SPJ_BJXX_TBSJ' ORDER BY SEQ_IN_INDEX")) {
                ps.setString(1, database);
                ps.setString(2, LandBureauLegacyDb.TABLE);
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
                assertThat(columns).containsExactly("TBSJ", "ROW_GUID");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_COLLATION FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
                ps.setString(1, database);
                ps.setString(2, LandBureauLegacyDb.TABLE);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).startsWith("utf8mb4");
                }
            }
        }
    }

    private static Connection admin() {
        try {
            return DriverManager.getConnection(SERVER, "root", "");
        } catch (SQLException e) {
            Assumptions.abort("no MariaDB at " + SERVER + ": " + e.getMessage());
            throw new AssertionError(e);
        }
    }
}
