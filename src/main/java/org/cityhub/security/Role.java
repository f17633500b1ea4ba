package org.cityhub.security;

import java.util.Locale;

/**
 * What a client may do. The permission matrix (README, "Permissions") says which endpoints each role reaches;
 * {@link WebSecurity} enforces it.
 */
public enum Role {
    /** The city platform: reads cases, submits intakes, makes call-outs. */
    PLATFORM,
    /** District ops: the console, queues, dead letters, replays, connector control. */
    OPS,
    /** Integrators: connector files, mappings, department onboarding and migrations. */
    INTEGRATOR,
    /** Auditors: read-only, and the access log. */
    AUDITOR,
    /** A department's own system: pushes its records (soap-push) for the departments in its scope. */
    DEPARTMENT;

    /** The Spring Security authority. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Parses {@code platform}, {@code ops} ... as written in configuration. */
    static Role parse(String text) {
        try {
            return Role.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected one of platform, ops, integrator, auditor, department, got '" + text + "'");
        }
    }
}
