package org.cityhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Every benchmark of bench/ at tiny size, as part of {@code mvn verify}: the harness runs end to end on the
 * real services and counts what it should. Sanity only (rows offered = rows stored, answers without
 * errors, figures positive), never a timing threshold.
 */
class BenchSmokeIT {

    @Test
    void everyBenchmarkRunsAndCountsWhatItMeasures() throws Exception {
        Bench.Config config = Bench.Config.smoke();
        Bench.Results r = Bench.run(config);

        assertThat(r.counts.get("floor.rowsRead")).isEqualTo(config.ingestRows());
        assertThat(r.counts.get("floor.rowsStored")).isEqualTo(config.ingestRows());
        assertThat(r.counts.get("ingest.rowsArchived")).isEqualTo(config.ingestRows());
        assertThat(r.counts.get("ingest.casesStored")).isEqualTo(config.ingestRows());
        assertThat(r.counts.get("workFloor.rowsStored")).isEqualTo(config.ingestRows());
        assertThat(r.counts.get("feed.items")).isEqualTo((long) config.ingestRows() * config.feedPulls());
        assertThat(r.counts.get("lookup.requests")).isPositive();
        assertThat(r.counts.get("lookup.errors")).isZero();
        assertThat(r.counts.get("callout.direct.requests")).isPositive();
        assertThat(r.counts.get("callout.direct.errors")).isZero();
        assertThat(r.counts.get("callout.hub.requests")).isPositive();
        assertThat(r.counts.get("callout.hub.errors")).isZero();
        assertThat(r.counts.get("lookup.bare.requests")).isPositive();
        assertThat(r.counts.get("lookup.bare.errors")).isZero();
        assertThat(r.counts.get("callout.bare.requests")).isPositive();
        assertThat(r.counts.get("callout.bare.errors")).isZero();
        assertThat(r.counts.get("callout.stubCalls")).isGreaterThanOrEqualTo(r.counts.get("callout.direct.requests")
                + r.counts.get("callout.bare.requests") + r.counts.get("callout.hub.requests"));
        assertThat(r.counts.get("migration.rowsRead")).isEqualTo(config.migrationRows());
        assertThat(r.counts.get("migration.storeCases")).isEqualTo(config.migrationRows());
        assertThat(r.counts.get("migration.reconciled")).isEqualTo(1);
        assertThat(r.counts.get("migration.oom")).isZero();
        for (String figure : new String[] {"ingest.e2e", "ingest.floor", "ingest.ratio", "feed.casesPerSecond", "lookup.rps",
                "lookup.p99", "lookup.bare.rps", "callout.direct.rps", "callout.bare.rps", "callout.hub.rps", "migration.seconds", "startup.seconds", "rss.idle", "ingest.mappingAlone",
                "ingest.workFloor", "ingest.ofWorkFloor", "rss.load", "migration.rss"}) {
            assertThat(r.get(figure).count()).as(figure).isEqualTo(figure.startsWith("migration") ? config.migrationRounds()
                    : figure.startsWith("feed") ? config.rounds() * config.feedPulls() : config.rounds());
            assertThat(r.get(figure).median()).as(figure).isPositive().isFinite();
        }
        String md = Report.markdown(config, r, Instant.now(), Instant.now());
        assertThat(md).contains("| 1 ingest (" + config.ingestRows() + " rows) |").contains("PostgreSQL: ");
        Files.writeString(Path.of("target/bench-smoke/BENCHMARKS.md"), md);
    }
}
