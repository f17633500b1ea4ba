package org.cityhub.connector;

import java.time.Instant;

/** A source that polls its department's system: what an operator needs to know about its last polls. */
public interface PollingSource {

    /** The reason of the current failure spell, or null while polls succeed. */
    String lastError();

    /** When a poll last succeeded, or null before the first. */
    Instant lastSuccess();

    /**
     * The stored form of a watermark an operator gives to re-sync from: an ISO local date-time in the
     * department's time (e.g. {@code 2026-11-01T00:00:00}), or a number for a numeric watermark.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    String toWatermark(String operatorValue);

    /** The ISO local date-time parser every time watermark accepts, with the expectation in the error. */
    static java.time.LocalDateTime parseLocalDateTime(String value) {
        try {
            return java.time.LocalDateTime.parse(value == null ? "" : value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("watermark: expected an ISO local date-time in the department's time,"
                    + " e.g. 2026-11-01T00:00:00, got '" + value + "'");
        }
    }
}
