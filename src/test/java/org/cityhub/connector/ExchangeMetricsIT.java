package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import org.cityhub.demo.AgriculturalMachineryLegacyDb;
import org.cityhub.support.HubHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The exchange's meters on /actuator/prometheus and the health groups, from real traffic: a department
 * database polled, its records stored, one of them dead-lettered.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cityhub.demo.enabled=false")
class ExchangeMetricsIT {

    static HikariDataSource legacyDs;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory("cityhub-metrics");
        String url = "jdbc:h2:file:" + data.resolve("nj-legacy") + ";MODE=MySQL";
        legacyDs = new HikariDataSource();
        legacyDs.setJdbcUrl(url);
        legacyDs.setUsername("sa");
        AgriculturalMachineryLegacyDb.createSchema(legacyDs);
        new AgriculturalMachineryLegacyDb(legacyDs, new java.util.Random(5)).seed(20);
        try (Connection c = legacyDs.getConnection(); Statement st = c.createStatement()) {
            st.execute("UPDATE NJ_XZXK_BJ SET ZT = '99' WHERE ID = 4");
        }
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
                      period: 500
                """.formatted(url));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
    }

    @AfterAll
    static void close() {
        legacyDs.close();
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    MeterRegistry meters;

    @Test
    void trafficShowsOnPrometheusPerDepartmentAndConnector() {
        // every figure of the traffic at once, once the ingest is done (19 stored, 1 dead-lettered); the last scrape
        // and the registry's own view are in the failure when a figure is missing
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(http.getForObject("/actuator/prometheus", String.class)).as(this::registryView)
                        .contains("cityhub_records_stored_total{connector=\"cases\",department=\"nj\",outcome=\"CREATED\"} 19.0")
                        .contains("cityhub_records_rejected_total{connector=\"cases\",department=\"nj\",stage=\"mapping\"} 1.0")
                        .contains("cityhub_records_received_total{connector=\"cases\",department=\"nj\"}")
                        .contains("cityhub_records_queued_total{connector=\"cases\",department=\"nj\"} 20.0")
                        .contains("cityhub_ingest_latency_seconds_count{connector=\"cases\",department=\"nj\"} 19")
                        .contains("cityhub_ingest_latency_seconds_bucket{connector=\"cases\",department=\"nj\",le="));
        String metrics = http.getForObject("/actuator/prometheus", String.class);
        // no log-event counter: its Logback turbo filter taxed every level check on the ingest path (application.yml)
        assertThat(metrics).doesNotContain("logback_events_total");
        assertThat(((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getTurboFilterList())
                .isEmpty();
    }

    /** The registry's meters of the exchange as it holds them, beside what its scrape shows. */
    private String registryView() {
        return "the registry (" + meters.getClass().getSimpleName() + (meters.isClosed() ? ", closed" : "") + ") holds "
                + meters.getMeters().stream().filter(m -> m.getId().getName().startsWith("cityhub.records")
                        || m.getId().getName().startsWith("cityhub.ingest"))
                .map(m -> m.getId().getName() + m.getId().getTags() + (m instanceof Timer t
                        ? " count " + t.count() : "")).toList();
    }

    @Test
    void healthGroupsReportStoreBrokerAndConnectorsApart() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String group : new String[] {"store", "broker", "connectors"}) {
            ResponseEntity<String> r = http.getForEntity("/actuator/health/" + group, String.class);
            assertThat(r.getStatusCode()).as(group + ": " + r.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode body = json.readTree(r.getBody());
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.get("components")).hasSize(1);
        }
        JsonNode connectors = json.readTree(http.getForObject("/actuator/health/connectors", String.class));
        assertThat(connectors.at("/components/routes/details").toString()).contains("nj-cases-poll");
    }
}
