package org.cityhub.connector;

import org.slf4j.Logger;

/**
 * A department system that is down, slow or answering garbage is the normal life of legacy systems: its
 * failures are logged once per spell (when the reason changes), not once per poll with a stack trace,
 * and its recovery once. The last reason is kept for health and the ops console.
 */
final class FailureSpell {

    private final Logger log;
    private final String source;
    private final String system;
    private volatile String lastError;
    private volatile java.time.Instant lastSuccess;
    private volatile java.time.Instant lastFailure;

    /**
     * @param source the source, e.g. {@code land-cases}
     * @param system what failed, for people, e.g. "the department database"
     */
    FailureSpell(Logger log, String source, String system) {
        this.log = log;
        this.source = source;
        this.system = system;
    }

    /** A poll failed for {@code reason}; the next one comes in {@code retryMillis}. */
    void failed(String reason, long retryMillis) {
        lastFailure = java.time.Instant.now();
        if (!reason.equals(lastError)) {
            log.warn("{}: cannot read {} ({}); nothing lost, the watermark stays; trying again every {} ms",
                    source, system, reason, retryMillis);
        }
        lastError = reason;
    }

    /** A poll succeeded. */
    void succeeded() {
        lastSuccess = java.time.Instant.now();
        if (lastError != null) {
            log.info("{}: {} answers again", source, system);
            lastError = null;
        }
    }

    /** When a poll last succeeded, or null before the first. */
    java.time.Instant lastSuccess() {
        return lastSuccess;
    }

    /** When a poll last failed, or null. */
    java.time.Instant lastFailure() {
        return lastFailure;
    }

    /** The reason of the current failure spell, or null while polls succeed. */
    String lastError() {
        return lastError;
    }
}
