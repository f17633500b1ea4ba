package org.cityhub.callout;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.cityhub.connector.ConnectorFile;
import org.cityhub.mapping.CaseMapping;
import org.cityhub.mapping.MappingException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One call-out operation of a department: the three steps its route runs. {@link #mapRequest} (caller's
 * JSON → department request) runs before the circuit breaker, so a bad request never counts against the
 * department; {@link #call} runs inside it, under the timeout and the concurrency limit; {@link #mapResponse}
 * reads the result after it. Each shape (SOAP, HTTP, SQL) implements one call.
 *
 * <p>Inside the breaker only the department's own failures are thrown (unreachable, server error,
 * server fault): they count towards opening it. A department refusing the request (a SOAP Client fault,
 * HTTP 4xx) is an answer, not a failure of the department: it is carried out as a {@link Answer} with a
 * refusal and turned into a FAULT afterwards, without counting.
 */
public abstract class CalloutOperation implements AutoCloseable {

    protected final String department;
    protected final ConnectorFile.Callout settings;
    private final CaseMapping request;
    private final CaseMapping response;

    /** What the department said: its answer as JSON, or its refusal of the request. */
    public record Answer(JsonNode body, String refusal) {
        static Answer of(JsonNode body) {
            return new Answer(body, null);
        }

        static Answer refused(String reason) {
            return new Answer(null, reason);
        }
    }

    protected CalloutOperation(String department, ConnectorFile.Callout settings, CaseMapping request, CaseMapping response) {
        this.department = department;
        this.settings = settings;
        this.request = request;
        this.response = response;
    }

    public String department() {
        return department;
    }

    public String name() {
        return settings.name();
    }

    public ConnectorFile.Callout settings() {
        return settings;
    }

    /** Step 1: the caller's JSON to the department's request; a refusal is a BAD_REQUEST naming the field. */
    public ObjectNode mapRequest(JsonNode body) {
        ObjectNode mapped;
        try {
            mapped = request.mapOut(body);
        } catch (MappingException e) {
            throw new CalloutFailure(CalloutOutcome.BAD_REQUEST, e.getMessage(), e.fieldPath());
        }
        checkRequest(mapped);
        return mapped;
    }

    /** A shape's own check of the mapped request (the SQL shape needs every named parameter). */
    protected void checkRequest(ObjectNode mapped) {
        // most shapes take any object
    }

    /** Step 2, inside the circuit breaker: one call to the department. */
    public Answer call(ObjectNode mapped) {
        return invoke(mapped);
    }

    /**
     * One call. Throws {@link CalloutFailure} UNAVAILABLE, TIMEOUT or FAULT for the department's own failures
     * (counted by the breaker); returns {@link Answer#refused} when the department refuses the request.
     */
    protected abstract Answer invoke(ObjectNode mapped);

    /** Step 3, after the circuit breaker: the department's answer mapped for the caller. */
    public JsonNode mapResponse(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof Answer answer)) {
            // the breaker let the exchange through without running the call and without an exception
            throw new CalloutFailure(CalloutOutcome.UNAVAILABLE, department + "/" + name() + ": the call did not take place ("
                    + exchange.getProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_STATE, String.class) + ")");
        }
        if (answer.refusal() != null) {
            throw new CalloutFailure(CalloutOutcome.FAULT, department + " refused the request: " + answer.refusal());
        }
        try {
            return response.mapOut(answer.body());
        } catch (MappingException e) {
            throw new CalloutFailure(CalloutOutcome.FAULT, department + "'s answer cannot be read by the response mapping "
                    + response.department() + "/" + response.name() + ": " + e.getMessage());
        }
    }

    /** Shortens a department's message so that a huge error page never floods a problem detail or a log. */
    protected static String excerpt(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.strip().replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    @Override
    public void close() {
        // most shapes hold nothing
    }
}
