package org.cityhub.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cityhub.CityHubApplication;
import org.cityhub.demo.AgriculturalMachineryLegacyDb;
import org.cityhub.store.CaseStore;
import org.cityhub.support.HubHome;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.zaxxer.hikari.HikariDataSource;

/** A connector an operator paused stays paused when the hub restarts: its department database is not read. */
class ConnectorPauseRestartIT {

    private static ConfigurableApplicationContext startHub(HubHome home, Path data) {
        return new SpringApplicationBuilder(CityHubApplication.class).run("--server.port=0", "--cityhub.demo.enabled=false",
                "--cityhub.home=" + home.root(), "--cityhub.data-dir=" + data);
    }

    @Test
    void aPausedConnectorStaysPausedAcrossARestart() throws Exception {
        Path data = Files.createTempDirectory("cityhub-pause");
        String url = "jdbc:h2:file:" + data.resolve("nj-legacy") + ";MODE=MySQL";
        HubHome home = HubHome.create().connector("nj", """
                department:
                  code: nj
                  name: 重庆市涪陵区农业机械管理局
                  region: "500102"
                sources:
                  - name: cases
                    template: jdbc-poll
                    mapping: agri/case
                    parameters:
                      jdbcUrl: "%s"
                      username: sa
                      table: NJ_XZXK_BJ
                      watermarkColumn: ZHXGSJ
                      keyColumn: ID
                      period: 200
                """.formatted(url));
        try (HikariDataSource legacyDs = new HikariDataSource()) {
            legacyDs.setJdbcUrl(url);
            legacyDs.setUsername("sa");
            AgriculturalMachineryLegacyDb.createSchema(legacyDs);
            AgriculturalMachineryLegacyDb legacy = new AgriculturalMachineryLegacyDb(legacyDs, new java.util.Random(9));

            try (ConfigurableApplicationContext hub = startHub(home, data)) {
                ConnectorControl control = hub.getBean(ConnectorControl.class);
                ConnectorControl.Status paused = control.act("nj", "cases",
                        new ConnectorControl.Request("pause", "ops.li", "bureau database moves to a new server", null));
                assertThat(paused.state()).isEqualTo("PAUSED");
            }
            legacy.seed(5);

            try (ConfigurableApplicationContext hub = startHub(home, data)) {
                ConnectorControl control = hub.getBean(ConnectorControl.class);
                ConnectorControl.Status status = control.one("nj", "cases");
                assertThat(status.state()).isEqualTo("PAUSED");
                assertThat(status.pausedBy()).isEqualTo("ops.li");
                assertThat(status.pauseReason()).isEqualTo("bureau database moves to a new server");
                assertThat(status.lastSuccess()).as("not polled once since the restart").isNull();
                Thread.sleep(1000); // five poll periods
                assertThat(hub.getBean(CaseStore.class).countCases("nj")).isZero();

                control.act("nj", "cases", new ConnectorControl.Request("resume", "ops.li", "moved", null));
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> hub.getBean(CaseStore.class).countCases("nj") == 5);
            }
        }
    }
}
