package org.cityhub.onboarding;

/** An admin action that cannot be taken now; the message says why. It has been audited as REFUSED. */
public class ActionRefused extends RuntimeException {

    public ActionRefused(String message) {
        super(message);
    }
}
