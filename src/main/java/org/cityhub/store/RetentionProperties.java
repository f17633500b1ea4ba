package org.cityhub.store;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the exchange store keeps what ({@code cityhub.retention.*}; docs/privacy.md).
 *
 * @param rawMessages how long raw messages (every legacy record as received, personal data included) keep
 *                    their payload, as an ISO-8601 period ({@code P2Y}, {@code P6M}, {@code P90D}); older ones
 *                    are purged: the payload is blanked, the row with its SHA-256, key and times stays, so case
 *                    history still links each version to its message (shown as purged, with when). Empty
 *                    (the default): kept for ever.
 * @param purgePeriod how often the purge looks for raw messages past {@code rawMessages} (default every hour)
 * @param batchSize   raw messages purged per transaction (default 1000), so a first purge of a large
 *                    archive never holds long locks
 * @param initialDelay how long after start-up the first purge runs (default one minute)
 */
@ConfigurationProperties(prefix = "cityhub.retention")
public record RetentionProperties(
        Period rawMessages,
        @DefaultValue("PT1H") Duration purgePeriod,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("PT1M") Duration initialDelay) {
}
