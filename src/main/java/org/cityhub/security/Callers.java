package org.cityhub.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The client behind the current request, and the actor the audit trails record for it: the client itself,
 * or, for a machine client that acts for its own signed-in users ({@code namesItsUsers}), the user it names
 * in {@value #ON_BEHALF_HEADER}.
 */
public final class Callers {

    /** The header a machine client names its signed-in user in. */
    public static final String ON_BEHALF_HEADER = "X-Cityhub-Caller";
    private static final int MAX_NAME = 100;

    private Callers() {
    }

    /** The authenticated client of this request, if any. */
    public static Optional<HubPrincipal> current() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null || !a.isAuthenticated()) {
            return Optional.empty();
        }
        Object p = a.getPrincipal();
        if (p instanceof HubPrincipal h) {
            return Optional.of(h);
        }
        if (p instanceof ClientDirectory.Person person) {
            return Optional.of(person.principal());
        }
        return Optional.empty();
    }

    /**
     * Who takes an action, for the audit trails: the user a trusted machine client names in
     * {@value #ON_BEHALF_HEADER}, else the client's own id; null outside an authenticated request.
     */
    public static String actor(String onBehalfHeader) {
        HubPrincipal p = current().orElse(null);
        if (p == null) {
            return null;
        }
        String named = onBehalfHeader == null ? "" : onBehalfHeader.replaceAll("\\p{Cntrl}", "").strip();
        if (p.namesItsUsers() && !named.isEmpty()) {
            return named.length() > MAX_NAME ? named.substring(0, MAX_NAME) : named;
        }
        return p.id();
    }
}
