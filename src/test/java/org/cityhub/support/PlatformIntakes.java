package org.cityhub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the city platform submits in full fusion ({@code POST /api/v1/cases}): a case as the platform holds it
 * (no supervision code, department or version yet: the hub gives them) and the departments it names.
 */
public final class PlatformIntakes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformIntakes() {
    }

    /** The drug fixture's pharmacist registration as the platform's case {@code caseNo}. */
    public static ObjectNode platformCase(String caseNo) throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(Files.readString(
                Path.of("mappings/drug/fixtures/case-out/pharmacist-registration-from-platform.in.json")));
        c.remove(List.of("supervisionCode", "department", "version"));
        c.put("departmentCaseNo", caseNo);
        ((ObjectNode) c.get("application")).put("caseNo", caseNo);
        return c;
    }

    /** The intake request's body: {@code caseJson} for {@code departments}. */
    public static String intakeBody(ObjectNode caseJson, String... departments) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("departments").addAll(Arrays.stream(departments).map(JSON.getNodeFactory()::textNode).toList());
        body.set("case", caseJson);
        return body.toString();
    }
}
