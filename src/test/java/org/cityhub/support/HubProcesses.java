package org.cityhub.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tests that run the hub as real processes ({@code org.cityhub.bench.Hub}) share: the land bureau's
 * polled front table as a department, the hub's arguments for a PostgreSQL store, and counting in the store.
 */
public final class HubProcesses {

    private HubProcesses() {
    }

    /** A hub home with the land bureau polling its MariaDB front table (GT_SPJ_BJXX) in pages of {@code pageSize}. */
    public static HubHome landHome(ThrowAwayDatabase legacy, int pageSize, int periodMillis) throws java.io.IOException {
        return landHome(legacy.url(), pageSize, periodMillis);
    }

    /** The same, the front table reached at {@code jdbcUrl} (e.g. through a {@link TcpProxy}, to cut it). */
    public static HubHome landHome(String jdbcUrl, int pageSize, int periodMillis) throws java.io.IOException {
        return HubHome.create().connector("land", landConnector("land", jdbcUrl, "GT_SPJ_BJXX", pageSize, periodMillis));
    }

    /** A small pool on the land bureau's front database {@code legacy}, its table ({@code LandBureauLegacyDb}) created. */
    public static com.zaxxer.hikari.HikariDataSource landFront(ThrowAwayDatabase legacy) {
        com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
        ds.setJdbcUrl(legacy.url());
        ds.setUsername(legacy.user());
        ds.setMaximumPoolSize(2);
        org.cityhub.demo.LandBureauLegacyDb.createSchema(ds);
        return ds;
    }

    /**
     * The land bureau's connector file as department {@code code}, polling {@code table} (a front table of the land
     * bureau's shape) of the MariaDB database at {@code jdbcUrl} with the land mapping.
     */
    public static String landConnector(String code, String jdbcUrl, String table, int pageSize, int periodMillis) {
        return """
                department:
                  code: %s
                  name: 重庆市涪陵区规划和自然资源局
                  region: "500102"
                sources:
                  - name: cases
                    template: jdbc-poll
                    mapping: land/case
                    parameters:
                      jdbcUrl: "%s"
                      username: root
                      table: %s
                      watermarkColumn: TBSJ
                      keyColumn: ROW_GUID
                      overlap: PT10M
                      pageSize: %d
                      period: %d
                """.formatted(code, jdbcUrl, table, pageSize, periodMillis);
    }

    /**
     * The land bureau as a fusion department: its connector file with one http-call target {@code rest} posting
     * cases to {@code url} ({@link LandIntakeServer}'s shape), no retries of its own (the broker redelivers).
     */
    public static String landHttpTarget(String url, int timeoutMillis) {
        return """
                department:
                  code: land
                  name: 重庆市涪陵区规划和自然资源局
                  region: "500102"
                targets:
                  - name: rest
                    template: http-call
                    mapping: land/case-out
                    parameters:
                      url: "%s"
                      caseNoPointer: /data/ywlsh
                      timeout: %d
                      retries: 0
                """.formatted(url, timeoutMillis);
    }

    /**
     * The arguments of one hub node on a PostgreSQL store ({@code storeUrl}: the store's JDBC URL, or a proxy's),
     * its own data directory, this node name and a 3 s source lease.
     *
     * @param broker a standalone broker, or null for the embedded one (its journal in the data directory)
     */
    public static List<String> args(String storeUrl, ThrowAwayDatabase store, StandaloneArtemis broker, HubHome home, Path dataDir,
                                    String node) {
        List<String> a = new ArrayList<>(List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + storeUrl,
                "--spring.datasource.username=" + store.user(),
                "--spring.datasource.password=",
                "--cityhub.home=" + home.root(),
                "--cityhub.data-dir=" + dataDir,
                "--cityhub.demo.enabled=false",
                "--cityhub.cluster.node-id=" + node,
                "--cityhub.cluster.lease-ttl=PT3S"));
        if (broker != null) {
            a.addAll(List.of("--spring.artemis.mode=native",
                    "--spring.artemis.embedded.enabled=false",
                    "--spring.artemis.broker-url=" + broker.url() + "?reconnectAttempts=-1&retryInterval=500",
                    "--spring.artemis.user=" + StandaloneArtemis.USER,
                    "--spring.artemis.password=" + StandaloneArtemis.PASSWORD));
        }
        return a;
    }

    /** The hub's inbound address settings (HubConfiguration) as a standalone broker's broker.xml carries them. */
    public static final String INBOUND_SETTINGS = """
                 <address-setting match="hub.inbound.#">
                    <default-group-buckets>64</default-group-buckets>
                    <redelivery-delay>1000</redelivery-delay>
                    <redelivery-delay-multiplier>2.0</redelivery-delay-multiplier>
                    <max-redelivery-delay>60000</max-redelivery-delay>
                    <max-delivery-attempts>15</max-delivery-attempts>
                    <dead-letter-address>hub.dlq.broker</dead-letter-address>
                    <auto-create-dead-letter-resources>true</auto-create-dead-letter-resources>
                 </address-setting>""";

    /** The first column of the first row of {@code sql} in the store, as a number. */
    public static long count(ThrowAwayDatabase store, String sql) throws Exception {
        try (Connection c = store.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of the first row of {@code sql}, as text (null without a row). */
    public static String text(ThrowAwayDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** {@code department}'s and the broker's dead-letter queues on {@code hub} are empty (or were never made). */
    public static void assertNothingDeadLettered(org.cityhub.bench.Hub hub, String department) throws Exception {
        for (String queue : List.of("hub.dlq." + department, "hub.dlq.broker")) {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(hub.url("/api/v1/ops/queues/" + queue))).header(TestClients.API_KEY_HEADER, TestClients.ADMIN_KEY).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            // 404: the broker never made the queue, so nothing was ever put on it
            org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(queue + ": " + r.body()).isIn(200, 404);
            if (r.statusCode() == 200) {
                org.assertj.core.api.Assertions.assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body())
                        .path("depth").asLong()).as(queue).isZero();
            }
        }
    }
}
