package org.cityhub.connector;

import com.fasterxml.jackson.databind.JsonNode;

/** The parameters of the {@code soap-push} template (defaults come from the connector schema). */
record SoapPushParameters(String recordElement, String keyField, int maxRecords, boolean validate) {

    static SoapPushParameters from(JsonNode p) {
        return new SoapPushParameters(p.path("recordElement").asText("record"), p.path("keyField").asText(""),
                p.path("maxRecords").asInt(500), p.path("validate").asBoolean(true));
    }
}
