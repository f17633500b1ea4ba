package org.cityhub.onboarding;

import java.nio.charset.StandardCharsets;

import org.cityhub.store.Sha256;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The key fields of a case that a migration's reconciliation compares between the legacy system (as
 * mapped) and the store: the case number, status, item, applicant, the submission, acceptance and
 * completion times and the last change time. The month is that of the acceptance (or, before
 * acceptance, of the application), in China time as the ISO value carries it.
 */
public record KeyFields(String departmentCaseNo, String month, String status, String hash) {

    private static final String[] POINTERS = {
        "/departmentCaseNo", "/status", "/updatedAt", "/application/itemCode", "/application/itemName",
        "/application/applicant/name", "/application/applicant/idNumber", "/application/submittedAt",
        "/acceptance/acceptedAt", "/completion/completedAt"
    };

    /** Reads the key fields of a case (mapped or stored: the hub's own fields are not among them). */
    public static KeyFields of(JsonNode caseJson) {
        StringBuilder line = new StringBuilder();
        for (String p : POINTERS) {
            JsonNode v = caseJson.at(p);
            line.append(v.isMissingNode() || v.isNull() ? "" : v.asText()).append('\u001f');
        }
        String when = text(caseJson.at("/acceptance/acceptedAt"));
        if (when.isEmpty()) {
            when = text(caseJson.at("/application/submittedAt"));
        }
        String month = when.length() >= 7 ? when.substring(0, 7) : "unknown";
        return new KeyFields(text(caseJson.at("/departmentCaseNo")), month, text(caseJson.at("/status")),
                Sha256.hex(line.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(JsonNode v) {
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }
}
