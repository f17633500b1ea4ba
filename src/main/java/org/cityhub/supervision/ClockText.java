package org.cityhub.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link CaseClock} as the text kept next to the light in {@code case_light.clock} (V20): compact JSON,
 * instants in ISO-8601 UTC with their full precision, so that a read computes exactly the light the keeper
 * would from the case and its history. A clock longer than {@link #MAX} characters (hundreds of stops) is
 * not kept: its reads compute from the history.
 */
final class ClockText {

    /** The column's width. */
    static final int MAX = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClockText() {
    }

    /** The text, or null when it would not fit the column. */
    static String write(CaseClock c) {
        ObjectNode o = JSON.createObjectNode();
        put(o, "acceptedAt", c.acceptedAt());
        if (c.limit() != null) {
            o.putArray("limit").add(c.limit().value()).add(c.limit().unit().name());
        }
        ArrayNode stops = o.putArray("stops");
        for (ClockStop s : c.stops()) {
            ArrayNode a = stops.addArray().add(s.from().toString());
            if (s.to() == null) {
                a.addNull();
            } else {
                a.add(s.to().toString());
            }
            a.add(s.why());
        }
        put(o, "closedAt", c.closedAt());
        put(o, "completedAt", c.completedAt());
        String text = o.toString();
        return text.length() <= MAX ? text : null;
    }

    static CaseClock read(String text) {
        try {
            JsonNode o = JSON.readTree(text);
            JsonNode l = o.path("limit");
            TimeLimit limit = l.isArray() ? new TimeLimit(l.get(0).asInt(), TimeLimit.Unit.valueOf(l.get(1).asText())) : null;
            List<ClockStop> stops = new ArrayList<>();
            for (JsonNode s : o.path("stops")) {
                stops.add(new ClockStop(Instant.parse(s.get(0).asText()), s.get(1).isNull() ? null : Instant.parse(s.get(1).asText()),
                        s.get(2).asText()));
            }
            return new CaseClock(instant(o, "acceptedAt"), limit, stops, instant(o, "closedAt"), instant(o, "completedAt"));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("case_light.clock is not a clock this hub wrote: " + e.getMessage(), e);
        }
    }

    private static void put(ObjectNode o, String name, Instant i) {
        if (i != null) {
            o.put(name, i.toString());
        }
    }

    private static Instant instant(JsonNode o, String name) {
        JsonNode n = o.get(name);
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }
}
