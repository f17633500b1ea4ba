package org.cityhub.connector;

/**
 * Published (as a Spring application event) when a record marked as a replay ({@link ExchangeQueues#REPLAY})
 * has gone through the ingest: stored with an effect (CREATED, UPDATED, UNCHANGED, STALE) or dead-lettered
 * (DEAD_LETTERED), so that whoever started the replay can count what it changed.
 *
 * @param replay the replay mark, e.g. {@code archive-12}
 * @param effect the store's effect, or DEAD_LETTERED
 */
public record ReplayedRecord(String replay, String department, Long rawId, String effect) {

    /** The effect of a replayed record that failed again and went to the dead-letter queue. */
    public static final String DEAD_LETTERED = "DEAD_LETTERED";
}
