package org.cityhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * The scale-out benchmark (6) at tiny size, apart from {@link BenchSmokeIT} because it starts three hubs and two
 * standalone brokers: one node, then two, store every row once, the two nodes both poll, and the table has its
 * figures. Sanity only, never a timing threshold.
 */
class ScaleOutSmokeIT {

    @Test
    void oneNodeThenTwoStoreEveryRowAndTheTwoSharePolling() throws Exception {
        int rows = 400;
        Bench.Config config = new Bench.Config(rows, 0, 1, 0, 1, 4, 4, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMillis(500), null, Path.of("target/bench-smoke"), true, "scaleout");
        Bench.Results r = Bench.run(config);

        for (String nodes : new String[] {"one", "two"}) {
            assertThat(r.counts.get("scaleout." + nodes + ".casesStored")).as(nodes).isEqualTo(rows);
            assertThat(r.counts.get("scaleout." + nodes + ".versionsStored")).as(nodes + ": one version per row").isEqualTo(rows);
        }
        assertThat(r.counts.get("scaleout.one.nodesPolling")).isEqualTo(1);
        assertThat(r.counts.get("scaleout.two.nodesPolling")).as("the sources' leases spread over both nodes").isEqualTo(2);
        for (String figure : new String[] {"scaleout.one", "scaleout.two", "scaleout.ratio"}) {
            assertThat(r.get(figure).count()).as(figure).isEqualTo(1);
            assertThat(r.get(figure).median()).as(figure).isPositive().isFinite();
        }
        assertThat(r.counts).doesNotContainKey("ingest.casesStored");
        assertThat(Report.table(config, r)).contains("| 6 scale-out (" + rows + " rows, " + ScaleOut.SOURCES + " sources) |");
        assertThat(Report.markdown(config, r, Instant.now(), Instant.now())).contains("two nodes / one");
    }
}
