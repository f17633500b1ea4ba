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
    private final Clock clock;
    private volatile MarketSupervisionPusher market;

    DemoDepartments(HubProperties props, Clock clock) {
        // the same URL as connectors/land.yaml
        this.landDb = DemoDatabases.open(props.dataPath(), "land-legacy", ";MODE=MySQL", 2);
        Path file = props.dataPath().resolve("demo").resolve("land-legacy");
        LandBureauLegacyDb.createSchema(landDb);
        this.land = new LandBureauLegacyDb(landDb, RandomGenerator.of("L64X128MixRandom"), clock);
        if (land.isEmpty()) {
            int n = land.seed(props.demo().seedCases());
            log.info("demo: land bureau legacy database seeded with {} cases at {}", n, file);
        }
        // the register the call-out land/pre-review-opinion reads
        LandPreReviewOpinions.createSchema(landDb);
        if (LandPreReviewOpinions.seed(landDb) > 0) {
            log.info("demo: land bureau's pre-review opinion register {} filled", LandPreReviewOpinions.TABLE);
        }
        this.clock = clock;
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

    /** The market-supervision bureau pushes to the hub's own web port, known once the server runs. */
    @org.springframework.context.event.EventListener
    void webServerStarted(org.springframework.boot.web.context.WebServerInitializedEvent event) {
        String address = "http://127.0.0.1:" + event.getWebServer().getPort() + "/services/push/market";
        this.market = new MarketSupervisionPusher(address, RandomGenerator.of("L64X128MixRandom"), clock);
    }

    /** The market-supervision bureau's reworked system reports new and progressed cases. */
    @Scheduled(initialDelayString = "${cityhub.demo.push-period:10000}", fixedDelayString = "${cityhub.demo.push-period:10000}")
    void marketPush() {
        MarketSupervisionPusher pusher = market;
        if (pusher == null) {
            return;
        }
        try {
            pusher.push(2, 2);
        } catch (Exception e) {
            // the hub's endpoint may not be up yet at start-up, or the department is invalid: the demo just tries again
            log.debug("demo: market push not taken: {}", e.getMessage());
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
