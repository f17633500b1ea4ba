package org.cityhub.callout;

/**
 * A call-out that did not end {@link CalloutOutcome#OK}. The message is the detail the caller reads: it
 * names the department's fault or the request field, never a request or answer body.
 */
public final class CalloutFailure extends RuntimeException {

    private final CalloutOutcome outcome;
    private final String fieldPath;

    public CalloutFailure(CalloutOutcome outcome, String detail) {
        this(outcome, detail, null);
    }

    public CalloutFailure(CalloutOutcome outcome, String detail, String fieldPath) {
        super(detail, null, false, false);
        this.outcome = outcome;
        this.fieldPath = fieldPath;
    }

    public CalloutOutcome outcome() {
        return outcome;
    }

    /** The request field a {@link CalloutOutcome#BAD_REQUEST} is about, or null. */
    public String fieldPath() {
        return fieldPath;
    }
}
