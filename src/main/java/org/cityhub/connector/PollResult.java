package org.cityhub.connector;

/**
 * What one poll of a polling source did: the body of its route's exchange, and what tests look at.
 *
 * @param read   records (rows) read from the department, overlap re-reads included
 * @param queued records new or changed, now durably accepted
 * @param pages  pages asked for
 */
public record PollResult(int read, int queued, int pages) {

    /** A poll that read nothing (the department failed, or had nothing). */
    static PollResult none() {
        return new PollResult(0, 0, 0);
    }
}
