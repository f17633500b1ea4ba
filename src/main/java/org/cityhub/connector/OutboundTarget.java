package org.cityhub.connector;

import java.time.Duration;
import java.time.Instant;

import org.cityhub.mapping.CaseMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An outbound target: hands a case to a department system (hub → department), in the department's own
 * format through its reverse mapping, with a timeout per attempt and retries with back-off on
 * transient failures. Each shape ({@code jdbc-insert}, {@code http-call}, {@code soap-call}) implements
 * one attempt and says which failures are transient.
 *
 * <p>Each target remembers how its last hand-over went, for operators: while dispatches to an unreachable
 * department are being redelivered by the broker, {@link #outage} says so, with the reason.
 */
public abstract class OutboundTarget implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboundTarget.class);

    protected final String department;
    protected final String name;
    private final CaseMapping reverse;
    private final int retries;
    private volatile Instant lastSuccess;
    private volatile Instant lastFailure;
    private volatile String lastError;

    /**
     * How long after a failed hand-over a target counts as unreachable if nothing has been tried since. The
     * broker redelivers a dispatch at most 60 s after the last attempt ({@code hub.outbound.#} in
     * HubConfiguration), and an attempt with its retries takes seconds: a dispatch still being redelivered is
     * tried again within this window. After it (nothing tried again: the dispatch was sent by another node,
     * or dead-lettered) there is nothing left to say about the department's system.
     */
    public static final Duration OUTAGE_WINDOW = Duration.ofMinutes(2);

    /** What the department answered: its own case number when it gives one, and a short description. */
    public record Reply(String departmentCaseNo, String detail) {
    }

    /** The department refused the case (a fault, a 4xx, a constraint): sending it again will not help. */
    public static final class Rejected extends RuntimeException {
        public Rejected(String message) {
            super(message);
        }
    }

    /** The department could not be reached or answered in time, also after the retries: try later. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** One attempt failed; {@code transientFailure} says whether another attempt may succeed. */
    protected static final class AttemptFailed extends Exception {
        final boolean transientFailure;

        public AttemptFailed(String message, boolean transientFailure) {
            super(message);
            this.transientFailure = transientFailure;
        }
    }

    protected OutboundTarget(String department, String name, CaseMapping reverse, int retries) {
        this.department = department;
        this.name = name;
        this.reverse = reverse;
        this.retries = retries;
    }

    /**
     * Sends one case (the Case JSON) to the department. Called by the target's route.
     *
     * @throws Rejected    when the department refuses it, or the reverse mapping cannot express it
     * @throws Unavailable when every attempt failed transiently
     */
    public Reply send(JsonNode caseJson) {
        ObjectNode record;
        try {
            record = reverse.mapOut(caseJson);
        } catch (RuntimeException e) {
            throw new Rejected("reverse mapping " + reverse.department() + "/" + reverse.name() + ": " + e.getMessage());
        }
        AttemptFailed last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            try {
                Reply reply = attempt(record);
                reached();
                return reply;
            } catch (AttemptFailed e) {
                last = e;
                if (!e.transientFailure) {
                    // a refusal is an answer: the department's system is up
                    reached();
                    throw new Rejected(department + "-" + name + ": " + e.getMessage());
                }
                log.debug("{}-{}: attempt {} failed: {}", department, name, attempt + 1, e.getMessage());
            }
        }
        String reason = department + "-" + name + ": " + last.getMessage() + " (after " + (retries + 1) + " attempts)";
        lastError = reason;
        lastFailure = Instant.now();
        throw new Unavailable(reason);
    }

    private void reached() {
        lastSuccess = Instant.now();
        lastError = null;
    }

    /**
     * Why the department cannot be reached, while dispatches to it are being redelivered: the reason of the last
     * hand-over if it failed within {@link #OUTAGE_WINDOW} before {@code now}; null when it went through, or
     * nothing has failed lately.
     */
    public String outage(Instant now) {
        String reason = lastError;
        Instant at = lastFailure;
        return reason == null || at == null || at.plus(OUTAGE_WINDOW).isBefore(now) ? null : reason;
    }

    /** When the department last answered a hand-over (took or refused a case), or null before the first. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** One attempt to hand the department its record. */
    protected abstract Reply attempt(ObjectNode record) throws AttemptFailed;

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(5_000L, 200L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // most targets hold nothing
    }
}
