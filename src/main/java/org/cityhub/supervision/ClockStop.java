package org.cityhub.supervision;

import java.time.Instant;

/**
 * A time the supervision clock stood still: the case was SUSPENDED or CORRECTION_REQUESTED, or a special
 * procedure (特别程序) ran.
 *
 * @param from when it began
 * @param to   when it ended; null while it still lasts (until further notice)
 * @param why  what stopped the clock, for the log and the API
 */
public record ClockStop(Instant from, Instant to, String why) {
}
