package org.cityhub.caseflow;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A case as the JSON document of {@code contract/case.schema.json}. The schema is the model; this
 * class only gives typed access to the few fields the hub itself acts on, so the two never drift.
 */
public record CaseDocument(ObjectNode json) {

    public String departmentCaseNo() {
        return text("departmentCaseNo");
    }

    public CaseStatus status() {
        return CaseStatus.valueOf(text("status"));
    }

    /** The department system's own change time, or null when the mapping does not give one. */
    public OffsetDateTime updatedAt() {
        String v = text("updatedAt");
        return v == null ? null : OffsetDateTime.parse(v);
    }

    /** When the applicant applied (required by the schema). */
    public OffsetDateTime submittedAt() {
        JsonNode v = json.path("application").path("submittedAt");
        return v.isTextual() ? OffsetDateTime.parse(v.asText()) : null;
    }

    private String text(String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
