package org.cityhub.demo;

import java.nio.file.Path;
import java.time.Clock;
import java.util.random.RandomGenerator;

import org.cityhub.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The simulated legacy systems of the embedded default: the land bureau's front exchange database,
 * seeded with a history of cases, and clerks who keep adding and progressing cases so a newcomer sees
 * the feed move. Off with {@code cityhub.demo.enabled=false} ({@code CITYHUB_DEMO=false}).
 */
@Component
@ConditionalOnProperty(name = "cityhub.demo.enabled", havingValue = "true", matchIfMissing = true)
class DemoDepartments implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoDepartments.class);

    private final HikariDataSource landDb;
    private final LandBureauLegacyDb land;
    private final CivilAffairsFileDrops civil;

    DemoDepartments(HubProperties props, Clock clock) {
        Path file = props.dataPath().resolve("demo").resolve("land-legacy");
        HikariConfig hc = new HikariConfig();
        // the same URL as connectors/land.yaml: H2 shares one database per file within the JVM
        hc.setJdbcUrl("jdbc:h2:file:" + file + ";MODE=MySQL");
        hc.setUsername("sa");
        hc.setPassword("");
        hc.setMaximumPoolSize(2);
        hc.setPoolName("demo-land-legacy");
        this.landDb = new HikariDataSource(hc);
        LandBureauLegacyDb.createSchema(landDb);
        this.land = new LandBureauLegacyDb(landDb, RandomGenerator.of("L64X128MixRandom"), clock);
        if (land.isEmpty()) {
            int n = land.seed(props.demo().seedCases());
            log.info("demo: land bureau legacy database seeded with {} cases at {}", n, file);
        }
        Path civilInbox = props.dataPath().resolve("inbox").resolve("civil");
        this.civil = new CivilAffairsFileDrops(civilInbox, RandomGenerator.of("L64X128MixRandom"), clock);
        if (!java.nio.file.Files.isDirectory(civilInbox.resolve(".done"))) {
            try {
                Path history = civil.exportHistory(60);
                log.info("demo: civil-affairs bureau exported its history to {}", history);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The civil-affairs bureau's periodic export into its inbox. */
    @Scheduled(initialDelayString = "${cityhub.demo.export-period:15000}", fixedDelayString = "${cityhub.demo.export-period:15000}")
    void civilExport() throws java.io.IOException {
        civil.exportChanges(2, 2);
    }

    /** One tick of the simulated clerks: a few new applications, a few cases moved on. */
    @Scheduled(initialDelayString = "${cityhub.demo.write-period:5000}", fixedDelayString = "${cityhub.demo.write-period:5000}")
    void clerksWork() {
        land.advance(2, 3);
    }

    @Override
    public void destroy() {
        landDb.close();
    }
}
