package org.cityhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import javax.sql.DataSource;

import java.time.Clock;

import org.cityhub.store.ConnectorPauses;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes on one store: each source is polled by exactly one of them; when its holder dies (stops renewing)
 * the other takes it over once the lease runs out; when its holder stops cleanly, at the other's next renewal.
 */
abstract class SourceLeasesContract {

    private static final Duration TTL = Duration.ofSeconds(3);

    protected abstract DataSource dataSource();

    private ConnectorPauses pauses;
    private SourceLeases a;
    private SourceLeases b;

    @BeforeEach
    void nodes() {
        Flyway.configure().dataSource(dataSource()).locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        jdbc.update("delete from source_lease");
        jdbc.update("delete from connector_pause");
        pauses = new ConnectorPauses(jdbc, Clock.systemUTC());
        a = new SourceLeases(jdbc, new ClusterProperties("node-a", TTL), pauses);
        b = new SourceLeases(jdbc, new ClusterProperties("node-b", TTL), pauses);
    }

    @AfterEach
    void stop() {
        a.destroy();
        b.destroy();
    }

    @Test
    void eachSourceIsPolledByOneNodeAndTakenOverWhenItsHolderDies() {
        a.register("land", "cases", "land-cases-poll");
        b.register("land", "cases", "land-cases-poll");
        b.register("civil", "exports", "civil-exports-file-drop");
        a.register("civil", "exports", "civil-exports-file-drop");

        assertThat(a.holds("land", "cases")).isTrue();
        assertThat(b.holds("land", "cases")).isFalse();
        assertThat(b.holds("civil", "exports")).isTrue();
        assertThat(a.holds("civil", "exports")).isFalse();
        assertThat(a.leases()).extracting(SourceLeases.Lease::owner).containsExactly("node-b", "node-a");

        // node a dies: it stops renewing and gives nothing up
        a.stopRenewing();
        long died = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.holds("land", "cases"));
        double tookOver = (System.nanoTime() - died) / 1e9;
        // its own trust ran out before the store's lease did: never two pollers at once
        assertThat(a.holds("land", "cases")).isFalse();
        assertThat(tookOver).as("seconds until the survivor polls").isLessThanOrEqualTo(TTL.toSeconds() + TTL.toSeconds() / 3.0 + 2);
        assertThat(b.leases()).extracting(SourceLeases.Lease::owner).containsOnly("node-b");
        // the survivor keeps both while it renews
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> b.holds("land", "cases") && b.holds("civil", "exports"));
    }

    @Test
    void aNodeThatStopsCleanlyHandsItsSourcesOverAtTheOthersNextRenewal() {
        a.register("land", "cases", "land-cases-poll");
        b.register("land", "cases", "land-cases-poll");
        assertThat(a.holds("land", "cases")).isTrue();

        a.destroy();
        assertThat(a.holds("land", "cases")).isFalse();
        await().atMost(Duration.ofSeconds(3)).until(() -> b.holds("land", "cases"));
    }

    @Test
    void aRestartedNodeWithTheSameNameTakesItsSourcesBackAtOnce() {
        a.register("land", "cases", "land-cases-poll");
        a.stopRenewing();
        SourceLeases again = new SourceLeases(new JdbcTemplate(dataSource()), new ClusterProperties("node-a", TTL), pauses);
        try {
            again.register("land", "cases", "land-cases-poll");
            assertThat(again.holds("land", "cases")).isTrue();
            b.register("land", "cases", "land-cases-poll");
            assertThat(b.holds("land", "cases")).isFalse();
        } finally {
            again.destroy();
        }
    }

    @Test
    void workClaimedByOneNodeIsRefusedToTheOtherUntilReleased() {
        assertThat(a.claim("agri", "~migration")).isTrue();
        assertThat(b.claim("agri", "~migration")).isFalse();
        assertThat(a.claim("agri", "~migration")).as("claiming again is renewing").isTrue();

        a.release("agri", "~migration");
        assertThat(a.holds("agri", "~migration")).isFalse();
        assertThat(b.claim("agri", "~migration")).isTrue();
    }

    @Test
    void aSourcePausedOnOneNodeIsPolledByNoNodeUntilResumed() {
        a.register("land", "cases", "land-cases-poll");
        b.register("land", "cases", "land-cases-poll");
        assertThat(a.holds("land", "cases")).isTrue();

        pauses.pause("land", "cases", "ops", "legacy database maintenance");
        await().atMost(Duration.ofSeconds(3)).until(() -> !a.holds("land", "cases"));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> !a.holds("land", "cases") && !b.holds("land", "cases"));

        pauses.resume("land", "cases");
        await().atMost(Duration.ofSeconds(8)).until(() -> a.holds("land", "cases") || b.holds("land", "cases"));
        assertThat(a.holds("land", "cases") && b.holds("land", "cases")).isFalse();
    }
}
