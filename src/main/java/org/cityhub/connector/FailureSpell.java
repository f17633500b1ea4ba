package org.cityhub.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;

/**
 * A department system that is down, slow or answering garbage is the normal life of legacy systems: its
 * failures are logged once per spell (when the reason changes), not once per poll with a stack trace,
 * and its recovery once. The last reason is kept for health and the ops console.
 *
 * <p>While a spell lasts, polls back off: the first retry comes one period after the failure, each further one
 * twice as long after the last, up to {@link #MAX_BACKOFF} (or the period, if that is longer), so that a system
 * down for hours is not hammered by every hub node at its normal period, and one that comes back is read again
 * within {@link #MAX_BACKOFF}. The first success returns to the normal period. The watermark stays where it
 * was throughout: nothing is lost, only read later.
 */
final class FailureSpell {

    /** The longest wait between two attempts while a department's system fails (unless the period is longer). */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Logger log;
    private final String source;
    private final String system;
    private final Clock clock;
    private volatile String lastError;
    private volatile Instant lastSuccess;
    private volatile Instant lastFailure;
    private volatile int failures;
    private volatile Instant retryAt;

    /**
     * @param source the source, e.g. {@code land-cases}
     * @param system what failed, for people, e.g. "the department database"
     */
    FailureSpell(Logger log, String source, String system) {
        this(log, source, system, Clock.systemUTC());
    }

    FailureSpell(Logger log, String source, String system, Clock clock) {
        this.log = log;
        this.source = source;
        this.system = system;
        this.clock = clock;
    }

    /**
     * Whether a poll should try the department now: always while polls succeed; during a failure spell only
     * once its back-off has passed. A poll that is not due reads nothing and leaves everything as it was.
     */
    boolean due() {
        Instant at = retryAt;
        return at == null || !clock.instant().isBefore(at);
    }

    /** A poll failed for {@code reason}; the source polls every {@code periodMillis} when all is well. */
    void failed(String reason, long periodMillis) {
        Instant now = clock.instant();
        lastFailure = now;
        failures++;
        Duration backoff = backoff(failures, Duration.ofMillis(periodMillis));
        retryAt = now.plus(backoff);
        if (!reason.equals(lastError)) {
            log.warn("{}: cannot read {} ({}); nothing lost, the watermark stays; trying again in {} ms, backing off to {} s",
                    source, system, reason, backoff.toMillis(), maxBackoff(Duration.ofMillis(periodMillis)).toSeconds());
        }
        lastError = reason;
    }

    /** A poll succeeded. */
    void succeeded() {
        lastSuccess = clock.instant();
        failures = 0;
        retryAt = null;
        if (lastError != null) {
            log.info("{}: {} answers again", source, system);
            lastError = null;
        }
    }

    /** The wait after the {@code failures}-th failure in a row: the period, doubled each time, capped. */
    static Duration backoff(int failures, Duration period) {
        Duration max = maxBackoff(period);
        // 2^20 periods is beyond any cap already; the bound keeps the shift from overflowing
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 20);
        Duration wait = period.multipliedBy(factor);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private static Duration maxBackoff(Duration period) {
        return period.compareTo(MAX_BACKOFF) > 0 ? period : MAX_BACKOFF;
    }

    /** When the next attempt is due during a failure spell, or null while polls succeed. */
    Instant retryAt() {
        return retryAt;
    }

    /** When a poll last succeeded, or null before the first. */
    Instant lastSuccess() {
        return lastSuccess;
    }

    /** When a poll last failed, or null. */
    Instant lastFailure() {
        return lastFailure;
    }

    /** The reason of the current failure spell, or null while polls succeed. */
    String lastError() {
        return lastError;
    }
}
