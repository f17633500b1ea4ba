package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The raw archive's retention: every {@code cityhub.retention.purge-period} the payload of raw messages older
 * than {@code cityhub.retention.raw-messages} is blanked ({@link RawArchive#purgeBefore}), in batches, while
 * rows, hashes and times stay. Nothing happens while the setting is empty (keep for ever). Safe on several
 * nodes at once: each message is purged once.
 */
@Component
public class RawRetention {

    private static final Logger log = LoggerFactory.getLogger(RawRetention.class);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final RawArchive archive;
    private final RetentionProperties props;
    private final Clock clock;

    public RawRetention(RawArchive archive, RetentionProperties props, Clock clock) {
        this.archive = archive;
        this.props = props;
        this.clock = clock;
    }

    /** The moment before which raw payloads are purged now, or null when they are kept for ever. */
    public OffsetDateTime cutoff() {
        if (props.rawMessages() == null || props.rawMessages().isZero() || props.rawMessages().isNegative()) {
            return null;
        }
        return OffsetDateTime.now(clock.withZone(CHINA)).minus(props.rawMessages());
    }

    /** Purges what is past the retention now; returns how many raw messages were purged. */
    public long purge() {
        OffsetDateTime cutoff = cutoff();
        if (cutoff == null) {
            return 0;
        }
        long total = 0;
        int n;
        do {
            n = archive.purgeBefore(cutoff, Math.max(1, props.batchSize()));
            total += n;
        } while (n >= props.batchSize());
        if (total > 0) {
            log.info("raw archive retention ({}): purged the payload of {} raw messages received before {}", props.rawMessages(), total,
                    cutoff);
        }
        return total;
    }

    @Scheduled(initialDelayString = "${cityhub.retention.initial-delay:PT1M}", fixedDelayString = "${cityhub.retention.purge-period:PT1H}")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("raw archive retention: purge failed, trying again in {}: {}", props.purgePeriod(), e.toString());
        }
    }
}
