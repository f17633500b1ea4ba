package org.cityhub.callout;

/** How a call-out ended, as the audit log records it, with the HTTP status the caller gets. */
public enum CalloutOutcome {
    /** The department answered and the answer was mapped. */
    OK(200),
    /** The department did not answer within the operation's timeout. */
    TIMEOUT(504),
    /** The circuit breaker is open: the department was not called. */
    BREAKER_OPEN(503),
    /** The operation's concurrency limit was reached: the department was not called. */
    REJECTED(503),
    /** The department could not be reached (connection refused, unknown host, no database connection). */
    UNAVAILABLE(503),
    /** The department answered with a fault or an error, or an answer the response mapping cannot read. */
    FAULT(502),
    /** The caller's body is not JSON or the request mapping refused it. */
    BAD_REQUEST(400);

    private final int httpStatus;

    CalloutOutcome(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
