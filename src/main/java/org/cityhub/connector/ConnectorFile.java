package org.cityhub.connector;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated connector file: one department, its onboarding mode and its sources.
 *
 * @param file where it was read from
 */
public record ConnectorFile(Path file, Department department, String mode, boolean demo, List<Source> sources,
                            List<Target> targets) {

    /** Who the department is. */
    public record Department(String code, String name, String region) {
    }

    /**
     * One source: an instance of a route template.
     *
     * @param parameters the template's parameters, placeholders resolved and schema defaults applied
     */
    public record Source(String name, String template, String mapping, JsonNode parameters) {
    }

    /**
     * One outbound target (hub → department): an instance of an outbound route template, with a reverse
     * mapping from the Case to the department's format.
     */
    public record Target(String name, String template, String mapping, JsonNode parameters) {
    }

    public Source source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("department " + department.code() + " has no source " + name));
    }
}
