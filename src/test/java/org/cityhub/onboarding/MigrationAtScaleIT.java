package org.cityhub.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.cityhub.CityHubApplication;
import org.cityhub.demo.AgriculturalMachineryLegacyDb;
import org.cityhub.store.MigrationStore;
import org.cityhub.support.HubHome;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A retire-mode migration at the size of a real bureau's history: 100,000 rows in a MariaDB legacy
 * table, migrated into a PostgreSQL store through the embedded broker. The hub is shut down while the
 * migration is half-way and started again on the same store and broker journal: the migration resumes
 * from its checkpoint, every row is read exactly once, nothing is stored twice, and the reconciliation
 * is exact (counts per month and status, checksum, no differing case).
 */
class MigrationAtScaleIT {

    private static final Logger log = LoggerFactory.getLogger(MigrationAtScaleIT.class);
    static final int ROWS = 100_000;

    static final ThrowAwayDatabase legacy = ThrowAwayDatabase.mariadb("njlegacy");
    static final ThrowAwayDatabase store = ThrowAwayDatabase.postgres("migration");

    @AfterAll
    static void drop() {
        legacy.close();
        store.close();
    }

    private static ConfigurableApplicationContext startHub(HubHome home, Path data) {
        // command-line arguments: they win over the profile's own settings
        return new SpringApplicationBuilder(CityHubApplication.class).run(
                "--server.port=0",
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + store.url(),
                "--spring.datasource.username=" + store.user(),
                "--spring.datasource.password=",
                "--cityhub.home=" + home.root(),
                "--cityhub.data-dir=" + data,
                "--cityhub.demo.enabled=false");
    }

    @Test
    void aMigrationShutDownHalfWayResumesAndReconcilesExactly() throws Exception {
        try (HikariDataSource legacyDs = new HikariDataSource()) {
            legacyDs.setJdbcUrl(legacy.url());
            legacyDs.setUsername(legacy.user());
            AgriculturalMachineryLegacyDb.createSchema(legacyDs);
            long t0 = System.nanoTime();
            new AgriculturalMachineryLegacyDb(legacyDs, new java.util.Random(2009)).seed(ROWS);
            log.info("legacy table seeded with {} rows in {} ms", ROWS, (System.nanoTime() - t0) / 1_000_000);
        }
        HubHome home = HubHome.create().agriculturalMachineryRetired("agri", legacy.url(), "root", 500);
        Path data = Files.createTempDirectory("cityhub-migration");

        long interruptedAt;
        try (ConfigurableApplicationContext hub = startHub(home, data)) {
            hub.getBean(Onboarding.class).act("agri", new Onboarding.Request("start-migration", "ops.li", "switch-off plan", false));
            MigrationStore runs = hub.getBean(MigrationStore.class);
            interruptedAt = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runs.find("agri").orElseThrow().rowsRead(), n -> n >= ROWS / 3);
        }
        JdbcTemplate db = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(store.url(), store.user(), ""));
        Map<String, Object> stopped = db.queryForMap("select state, rows_read from migration_run where department = 'agri'");
        log.info("hub stopped with the migration at {}", stopped);
        assertThat(stopped.get("state")).isEqualTo(MigrationStore.RUNNING);
        assertThat(((Number) stopped.get("rows_read")).longValue()).isBetween(interruptedAt, (long) ROWS - 1);

        try (ConfigurableApplicationContext hub = startHub(home, data)) {
            Reconciliation reconciliation = hub.getBean(Reconciliation.class);
            long t0 = System.nanoTime();
            ReconciliationReport report = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> reconciliation.report("agri").orElseThrow(), r -> r.migration().state().equals(MigrationStore.COMPLETED)
                            && r.pendingInbound() != null && r.pendingInbound() == 0);
            log.info("resumed migration settled in {} s: {}", (System.nanoTime() - t0) / 1_000_000_000, report.differences());

            assertThat(report.differences()).isEmpty();
            assertThat(report.reconciled()).isTrue();
            assertThat(report.migration().rowsRead()).as("every row read exactly once across the restart").isEqualTo(ROWS);
            assertThat(report.migration().legacyRows()).isEqualTo(ROWS);
            assertThat(report.totals().legacyCases()).isEqualTo(ROWS);
            assertThat(report.totals().storeCases()).isEqualTo(ROWS);
            assertThat(report.checksum().equal()).isTrue();
            assertThat(report.mismatchCount()).isZero();
            assertThat(report.rejected()).isEmpty();
            assertThat(report.byMonth()).hasSizeGreaterThan(90)
                    .allSatisfy(b -> assertThat(b.legacy()).isEqualTo(b.store()));
            assertThat(report.byStatus()).extracting(MigrationStore.Bucket::key)
                    .containsExactlyInAnyOrder("COMPLETED", "NOT_ACCEPTED", "DENIED", "WITHDRAWN");

            assertThat(db.queryForObject("select count(*) from case_version where department = 'agri'", Long.class))
                    .as("no case stored twice").isEqualTo(ROWS);
            assertThat(db.queryForObject("select count(*) from raw_message where department = 'agri'", Long.class))
                    .as("no record archived twice").isEqualTo(ROWS);

            hub.getBean(Onboarding.class).act("agri", new Onboarding.Request("verify", "ops.li", "report checked", false));
            assertThat(db.queryForObject("select lifecycle from department where code = 'agri'", String.class)).isEqualTo("VERIFIED");
        }
    }
}
