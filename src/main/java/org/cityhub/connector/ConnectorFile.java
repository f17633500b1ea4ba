package org.cityhub.connector;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated connector file: one department, its onboarding mode, its sources, targets and call-outs.
 *
 * @param file where it was read from
 */
public record ConnectorFile(Path file, Department department, String mode, boolean demo, List<Source> sources,
                            List<Target> targets, List<Callout> callouts) {

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

    /**
     * One call-out operation (platform → department, synchronous): an instance of a call-out route template,
     * with a request mapping (caller's JSON → department request) and a response mapping (department
     * answer → JSON), and how the call is guarded.
     *
     * @param timeout       milliseconds the caller waits at most
     * @param maxConcurrent calls in flight at once (bulkhead)
     * @param logBodies     whether request and answer bodies may be kept in the audit log
     * @param parameters    the shape's parameters, placeholders resolved and schema defaults applied
     */
    public record Callout(String name, String template, String requestMapping, String responseMapping, int timeout,
                          int maxConcurrent, Breaker breaker, boolean logBodies, JsonNode parameters) {
    }

    /**
     * Circuit-breaker settings of a call-out.
     *
     * @param failureRate   percentage of failures in the window at which it opens
     * @param minimumCalls  calls recorded before the rate is judged
     * @param slidingWindow calls the rate is computed over
     * @param waitInOpen    seconds it stays open before trial calls
     * @param halfOpenCalls trial calls in the half-open state
     */
    public record Breaker(int failureRate, int minimumCalls, int slidingWindow, int waitInOpen, int halfOpenCalls) {
    }

    public Source source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("department " + department.code() + " has no source " + name));
    }
}
