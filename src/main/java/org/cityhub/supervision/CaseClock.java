package org.cityhub.supervision;

import java.time.Instant;
import java.util.List;

/**
 * What the lights are computed from, taken from one case and its version history.
 *
 * @param acceptedAt  受理时间; null for a case not accepted (yet)
 * @param limit       承诺办结时限; null when the case committed to none
 * @param stops       the times the clock stood still
 * @param closedAt    when the case was closed (办结 time for a completed case); null while open
 * @param completedAt 办结时间, when the case was completed; null otherwise
 */
public record CaseClock(Instant acceptedAt, TimeLimit limit, List<ClockStop> stops, Instant closedAt, Instant completedAt) {

    public CaseClock {
        stops = List.copyOf(stops);
    }
}
