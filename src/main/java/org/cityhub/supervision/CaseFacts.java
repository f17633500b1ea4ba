package org.cityhub.supervision;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.cityhub.caseflow.CaseStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What supervision reads from one case: its clock (for the light) and the fields of the statistics.
 * Taken from the current case document and its version history: the history tells when the case was
 * SUSPENDED or CORRECTION_REQUESTED. A version's time is the department's own change time
 * ({@code updatedAt}) when the mapping gives one, else when the hub recorded it: a department whose
 * history the hub reads late still gets its stops where they happened.
 *
 * @param status      the current status
 * @param submittedAt 申请时间
 * @param channel     办理形式代码 (A.5), null when not given
 * @param delivered   completion.delivered (是否快递), null when not given
 */
public record CaseFacts(CaseClock clock, CaseStatus status, Instant submittedAt, String channel, Boolean delivered) {

    /** One version of the history: its status, the department's change time (or null) and the hub's recording time. */
    public record Version(CaseStatus status, Instant changedAt, Instant recordedAt) {

        Instant at() {
            return changedAt != null ? changedAt : recordedAt;
        }
    }

    /**
     * @param doc      the current case document
     * @param versions every version, oldest first
     * @throws IllegalArgumentException when a field supervision reads is not what the case schema says
     */
    public static CaseFacts of(JsonNode doc, List<Version> versions) {
        CaseStatus status = CaseStatus.valueOf(doc.path("status").asText());
        JsonNode acceptance = doc.path("acceptance");
        Instant acceptedAt = instant(acceptance.path("acceptedAt"));
        TimeLimit limit = null;
        JsonNode l = acceptance.path("promisedLimit");
        if (l.isObject()) {
            limit = new TimeLimit(l.path("value").asInt(), TimeLimit.Unit.valueOf(l.path("unit").asText()));
        }
        List<ClockStop> stops = new ArrayList<>();
        Instant stoppedSince = null;
        CaseStatus stoppedBy = null;
        Instant closedSince = null;
        for (Version v : versions) {
            if (v.status().stopsClock() && stoppedSince == null) {
                stoppedSince = v.at();
                stoppedBy = v.status();
            } else if (!v.status().stopsClock() && stoppedSince != null) {
                stops.add(new ClockStop(stoppedSince, v.at(), stoppedBy.name()));
                stoppedSince = null;
            }
            closedSince = v.status().isClosed() ? (closedSince == null ? v.at() : closedSince) : null;
        }
        if (stoppedSince != null) {
            stops.add(new ClockStop(stoppedSince, null, stoppedBy.name()));
        }
        for (JsonNode p : doc.path("specialProcedures")) {
            Instant from = instant(p.path("startedAt"));
            if (from != null) {
                stops.add(new ClockStop(from, instant(p.path("endedAt")), "special procedure " + p.path("kind").asText()));
            }
        }
        Instant completedAt = status.isClosed() ? instant(doc.path("completion").path("completedAt")) : null;
        Instant closedAt = null;
        if (status.isClosed()) {
            closedAt = completedAt != null ? completedAt : closedSince != null ? closedSince : Instant.EPOCH;
        }
        JsonNode channel = doc.path("application").path("channel");
        JsonNode delivered = doc.path("completion").path("delivered");
        return new CaseFacts(new CaseClock(acceptedAt, limit, stops, closedAt, completedAt), status,
                instant(doc.path("application").path("submittedAt")), channel.isTextual() ? channel.asText() : null,
                delivered.isBoolean() ? delivered.asBoolean() : null);
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? OffsetDateTime.parse(n.asText()).toInstant() : null;
    }
}
