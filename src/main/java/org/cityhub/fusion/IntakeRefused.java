package org.cityhub.fusion;

/**
 * An intake request the hub refuses, with the HTTP status the platform API answers and a precise detail
 * (which field or department, what was expected).
 */
public class IntakeRefused extends RuntimeException {

    private final int status;
    private final String title;

    IntakeRefused(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    static IntakeRefused badRequest(String detail) {
        return new IntakeRefused(400, "Invalid intake", detail);
    }

    /** The HTTP status: 400 malformed, 409 a department that cannot take cases now, 422 a request that cannot be. */
    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
