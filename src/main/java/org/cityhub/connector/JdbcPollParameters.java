package org.cityhub.connector;

import java.time.Duration;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parameters of the {@code jdbc-poll} template, read from a validated connector file (defaults
 * come from the connector schema, not from here).
 */
record JdbcPollParameters(String jdbcUrl, String username, String password, String table, String watermarkColumn,
                          boolean numberWatermark, String keyColumn, String overlap, int pageSize, long period) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    static JdbcPollParameters from(JsonNode p) {
        JdbcPollParameters params = new JdbcPollParameters(p.path("jdbcUrl").asText(), p.path("username").asText(""),
                p.path("password").asText(""), p.path("table").asText(), p.path("watermarkColumn").asText(),
                "number".equals(p.path("watermarkType").asText()), p.path("keyColumn").asText(),
                p.path("overlap").asText(), p.path("pageSize").asInt(), p.path("period").asLong());
        // identifiers go into SQL text (they cannot be bound), so they are checked again here, not only by the schema
        for (String id : new String[] {params.table, params.watermarkColumn, params.keyColumn}) {
            if (!IDENTIFIER.matcher(id).matches()) {
                throw new IllegalArgumentException("expected a plain SQL identifier, got '" + id + "'");
            }
        }
        try {
            if (params.numberWatermark) {
                Long.parseLong(params.overlap);
            } else {
                Duration.parse(params.overlap);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("overlap: expected " + (params.numberWatermark
                    ? "a whole number (the watermark is a number)" : "an ISO-8601 duration such as PT5M")
                    + ", got '" + params.overlap + "'");
        }
        return params;
    }

    Duration overlapDuration() {
        return Duration.parse(overlap);
    }

    long overlapNumber() {
        return Long.parseLong(overlap);
    }
}
