package org.cityhub.onboarding;

/** The platform asked a department for work it does not do in its present onboarding state. */
public class NotInService extends RuntimeException {

    private final String department;
    private final String state;

    public NotInService(String department, String state, String message) {
        super(message);
        this.department = department;
        this.state = state;
    }

    public String department() {
        return department;
    }

    public String state() {
        return state;
    }
}
