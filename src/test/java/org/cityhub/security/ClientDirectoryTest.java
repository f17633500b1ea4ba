package org.cityhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.cityhub.support.ThrowAwayDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The client directory's configuration: keys kept only as hashes, precise start-up errors, the production
 * profile's refusal of demo credentials; and the access log's append-only table on real PostgreSQL.
 */
class ClientDirectoryTest {

    private static SecurityProperties.Client machine(String id, String key, String... roles) {
        return new SecurityProperties.Client(id, ClientDirectory.sha256(key), null, List.of(roles), null, null, false);
    }

    @Test
    void aMachineIsFoundByItsKeysHashAndGetsItsRolesAndScope() {
        ClientDirectory d = new ClientDirectory(new SecurityProperties(false, List.of(
                new SecurityProperties.Client("land-system", ClientDirectory.sha256("s3cret-land"), null, List.of("department"),
                        "department:land", null, false))));
        HubPrincipal p = d.byApiKey("s3cret-land").orElseThrow();
        assertThat(p.id()).isEqualTo("land-system");
        assertThat(p.roles()).containsExactly(Role.DEPARTMENT);
        assertThat(p.scope().toString()).isEqualTo("department:land");
        assertThat(p.personalData()).as("only the platform role sees personal data by default").isFalse();
        assertThat(d.byApiKey("s3cret-lan")).isEmpty();
        assertThat(d.byApiKey("demo-admin-key")).as("demo clients off").isEmpty();
    }

    @Test
    void aMalformedEntryStopsTheStartWithItsIndexFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> new ClientDirectory(new SecurityProperties(false, List.of(machine("ok", "k1", "ops"),
                new SecurityProperties.Client("bad", "md5:abc", null, List.of("ops"), null, null, false)))))
                .hasMessageContaining("cityhub.security.clients[1] (bad).apiKeyHash").hasMessageContaining("sha256:<64");
        assertThatThrownBy(() -> new ClientDirectory(new SecurityProperties(false, List.of(machine("x", "k", "superuser")))))
                .hasMessageContaining("clients[0] (x).roles[0]").hasMessageContaining("got 'superuser'");
        assertThatThrownBy(() -> new ClientDirectory(new SecurityProperties(false, List.of(
                new SecurityProperties.Client("x", ClientDirectory.sha256("k"), null, List.of("ops"), "region:500102", null, false)))))
                .hasMessageContaining("clients[0] (x).scope").hasMessageContaining("district:");
        assertThatThrownBy(() -> new ClientDirectory(new SecurityProperties(false, List.of(
                new SecurityProperties.Client("x", ClientDirectory.sha256("k"), "{bcrypt}x", List.of("ops"), null, null, false)))))
                .hasMessageContaining("exactly one of apiKeyHash");
        assertThatThrownBy(() -> new ClientDirectory(new SecurityProperties(false, List.of(machine("a", "same", "ops"),
                machine("b", "same", "ops"))))).hasMessageContaining("another client has the same API key");
        assertThatThrownBy(() -> new ClientDirectory(new SecurityProperties(false, List.of(machine("bad id!", "k", "ops")))))
                .hasMessageContaining("clients[0].id");
    }

    @Test
    void theProductionProfileRefusesTheDemoClientsAndAnyDemoCredential() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("production");
        WebSecurity web = new WebSecurity();
        assertThatThrownBy(() -> web.clientDirectory(new SecurityProperties(true, List.of()), production))
                .hasMessageContaining("cityhub.security.demo-clients");
        // a real client configured with a demo key, or a person with the demo password
        assertThatThrownBy(() -> web.clientDirectory(new SecurityProperties(false, List.of(machine("platform", "demo-platform-key",
                "platform"))), production)).hasMessageContaining("clients[0] (platform) uses the demo credential of demo-platform");
        String demoPassword = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(ClientDirectory.DEMO_PASSWORD);
        assertThatThrownBy(() -> web.clientDirectory(new SecurityProperties(false, List.of(new SecurityProperties.Client("zhang",
                null, demoPassword, List.of("ops"), null, null, false))), production)).hasMessageContaining("uses the demo credential");
        // real credentials start
        ClientDirectory ok = web.clientDirectory(new SecurityProperties(false, List.of(machine("platform", "a-long-random-key", "platform"))),
                production);
        assertThat(ok.byApiKey("a-long-random-key")).isPresent();
        // outside production the demo is allowed
        assertThat(web.clientDirectory(new SecurityProperties(true, List.of()), new MockEnvironment()).byApiKey("demo-admin-key")).isPresent();
    }

    @Test
    void theAccessLogIsAppendOnlyOnPostgres() throws Exception {
        try (ThrowAwayDatabase db = ThrowAwayDatabase.postgres("accesslog")) {
            Flyway.configure().dataSource(db.url(), db.user(), "").locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                    .load().migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("insert into access_log (at, client, method, path, status, outcome) values (now(), 'x', 'GET', '/', 200, 'ALLOWED')");
                assertThatThrownBy(() -> s.executeUpdate("update access_log set client = 'y'")).hasMessageContaining("append-only");
                assertThatThrownBy(() -> s.executeUpdate("delete from access_log")).hasMessageContaining("append-only");
                assertThatThrownBy(() -> s.executeUpdate("truncate access_log")).hasMessageContaining("append-only");
                try (var rs = s.executeQuery("select count(*) from access_log")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
        }
    }
}
