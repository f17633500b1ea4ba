package org.cityhub.supervision;

import java.time.Instant;

/**
 * Where a case stands against its committed time limit at one instant.
 *
 * @param light           the light
 * @param reason          why the case is not supervised (no acceptance, no committed limit): set for NONE, and for
 *                        CLOSED when the closed case never was; null otherwise
 * @param deadline        the instant the limit runs out, later by every stop; for a case whose clock
 *                        stands still until further notice, the earliest it can be (as if it ran again now)
 * @param yellowAt        the instant 90% of the limit has passed
 * @param elapsedShare    the share of the limit used (0.0 at acceptance, 1.0 at the deadline, more when late)
 * @param clockStopped    whether the clock stands still now
 * @param nextChangeAt    when the light changes next by time alone; null when only a new case version can change it
 * @param completedOnTime for a completed case with a limit: completed before its deadline
 * @param handlingDays    for a completed accepted case: the working days it took (stops excluded, the
 *                        acceptance day not counted)
 */
public record Assessment(Light light, String reason, Instant deadline, Instant yellowAt, Double elapsedShare,
                         boolean clockStopped, Instant nextChangeAt, Boolean completedOnTime, Double handlingDays) {

    static Assessment none(String reason, Double handlingDays, boolean closed) {
        return new Assessment(closed ? Light.CLOSED : Light.NONE, reason, null, null, null, false, null, null, handlingDays);
    }
}
