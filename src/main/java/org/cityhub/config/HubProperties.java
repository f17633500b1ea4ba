package org.cityhub.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the hub itself ({@code cityhub.*}). Spring's own settings (datasource, artemis, server)
 * keep their standard names.
 *
 * @param dataDir where the embedded store and broker keep their files ({@code CITYHUB_DATA_DIR}, default {@code ./data})
 * @param home    the folder holding what integrators edit: {@code connectors/}, {@code mappings/}, {@code routes/}
 *                ({@code CITYHUB_HOME}, default the working directory)
 * @param demo    the simulated legacy departments of the embedded default
 * @param platform the city platform's intake (full fusion: {@code POST /api/v1/cases})
 * @param ingest  how each department's inbound queue is consumed
 */
@ConfigurationProperties(prefix = "cityhub")
public record HubProperties(
        @DefaultValue("./data") String dataDir,
        @DefaultValue(".") String home,
        @DefaultValue Demo demo,
        @DefaultValue Platform platform,
        @DefaultValue Ingest ingest) {

    /**
     * The ingest stage: each department's inbound queue → mapping → store (routes/ingest.camel.yaml).
     *
     * @param concurrentConsumers parallel consumers per inbound queue ({@code CITYHUB_INGEST_CONSUMERS}, default 4).
     *                            A record's versions share a JMS message group (hashed into the queue's group
     *                            buckets), so they are still applied in the order they were queued
     * @param batchSize           records taken per batch (default 200): each batch is one broker transaction and
     *                            one store transaction ({@code CITYHUB_INGEST_BATCH_SIZE}); 1 stores record by record
     * @param maxAttempts         attempts after which a record the store keeps refusing is dead-lettered to
     *                            {@code hub.dlq.<department>} with the store's last error (default 10). The embedded
     *                            broker's own dead-letter backstop ({@code hub.dlq.broker}) is set 5 deliveries beyond
     * @param retryDelay          the wait before a failed record's second attempt (default 1 s); it doubles with every
     *                            further attempt, both for a record put back on its queue by the hub and for a batch
     *                            the embedded broker redelivers after a rollback
     * @param maxRetryDelay       the longest wait between two attempts (default 60 s): a record the store refuses for
     *                            good is dead-lettered after about {@code maxAttempts} times this at most
     */
    public record Ingest(
            @DefaultValue("4") int concurrentConsumers,
            @DefaultValue("200") int batchSize,
            @DefaultValue("10") int maxAttempts,
            @DefaultValue("1s") Duration retryDelay,
            @DefaultValue("60s") Duration maxRetryDelay) {

        public Ingest {
            if (concurrentConsumers < 1) {
                throw new IllegalArgumentException("cityhub.ingest.concurrent-consumers: expected 1 or more, got " + concurrentConsumers);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("cityhub.ingest.batch-size: expected 1 or more, got " + batchSize);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("cityhub.ingest.max-attempts: expected 1 or more, got " + maxAttempts);
            }
            if (retryDelay.isNegative() || retryDelay.isZero()) {
                throw new IllegalArgumentException("cityhub.ingest.retry-delay: expected a positive duration, got " + retryDelay);
            }
            if (maxRetryDelay.compareTo(retryDelay) < 0) {
                throw new IllegalArgumentException("cityhub.ingest.max-retry-delay: expected at least the retry delay ("
                        + retryDelay + "), got " + maxRetryDelay);
            }
        }

        /** The wait before the attempt after {@code attempts} failed ones: the retry delay, doubled per attempt, capped. */
        public long retryDelayMillis(int attempts) {
            // at most 30 doublings: past that any delay of a day or less has long reached the cap, and the shift stays in range
            return Math.min(maxRetryDelay.toMillis(), retryDelay.toMillis() << Math.min(Math.max(attempts - 1, 0), 30));
        }
    }

    /**
     * The city platform as a source of cases (full fusion: cases taken in at the platform's one window and
     * sent to the departments).
     *
     * @param region the 6-digit administrative region code (行政区划) that leads the supervision code of every
     *               case taken in from the platform ({@code CITYHUB_PLATFORM_REGION}, default {@code 500102})
     */
    public record Platform(
            @DefaultValue("500102") String region) {
    }

    // Plain strings, converted here: Spring's resource-based Path conversion would resolve a relative
    // path against the servlet context instead of the working directory.

    /** The data directory as a path. */
    public Path dataPath() {
        return Path.of(dataDir);
    }

    /** The home folder as a path. */
    public Path homePath() {
        return Path.of(home);
    }

    /** Folder of the connector files, one per department. */
    public Path connectorsDir() {
        return homePath().resolve("connectors");
    }

    /** Folder of the mappings, one sub-folder per department. */
    public Path mappingsDir() {
        return homePath().resolve("mappings");
    }

    /** Folder of the route templates, one per connector shape. */
    public Path routesDir() {
        return homePath().resolve("routes");
    }

    /**
     * The demo departments.
     *
     * @param enabled     whether the simulated legacy systems run inside the hub ({@code CITYHUB_DEMO}, default true)
     * @param seedCases   how many historical cases the land bureau's legacy database starts with
     * @param writePeriod how often (milliseconds) the simulated clerks add and progress cases
     * @param exportPeriod how often (milliseconds) the civil-affairs bureau drops an export file into its inbox
     * @param pushPeriod  how often (milliseconds) the market-supervision bureau pushes cases to its SOAP endpoint
     * @param drug        the drug administration's simulated SOAP service
     * @param intakePeriod how often (milliseconds) the simulated city platform takes in a case at its one
     *                    window and sends it to the drug administration through {@code POST /api/v1/cases}
     *                    (0: never)
     */
    public record Demo(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("300") int seedCases,
            @DefaultValue("5000") long writePeriod,
            @DefaultValue("15000") long exportPeriod,
            @DefaultValue("10000") long pushPeriod,
            @DefaultValue Drug drug,
            @DefaultValue("20000") long intakePeriod) {
    }

    /**
     * The drug administration's simulated SOAP service.
     *
     * @param seedCases  how many historical cases its database starts with
     * @param busyMillis how long every SOAP call waits first, to play a busy department database (0: none)
     */
    public record Drug(
            @DefaultValue("150") int seedCases,
            @DefaultValue("0") long busyMillis) {
    }
}
