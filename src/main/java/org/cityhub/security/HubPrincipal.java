package org.cityhub.security;

import java.util.Set;

/**
 * An authenticated client.
 *
 * @param id            the client's name, as it appears in the audit trails
 * @param person        true for a person (console login or HTTP Basic), false for a machine (API key)
 * @param roles         what it may do
 * @param scope         which departments it sees
 * @param personalData  whether responses show personal data (names, id and phone numbers) in clear
 * @param namesItsUsers a machine client that acts for its own signed-in users (the city platform, an ops
 *                      tool) may name them in {@code X-Cityhub-Caller}; the audit trails then record that
 *                      name as the actor, and the access log both
 */
public record HubPrincipal(String id, boolean person, Set<Role> roles, Scope scope, boolean personalData, boolean namesItsUsers)
        implements java.security.Principal {

    @Override
    public String getName() {
        return id;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
