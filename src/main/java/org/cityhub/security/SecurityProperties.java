package org.cityhub.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the hub's security ({@code cityhub.security.*}).
 *
 * @param demoClients whether the documented demo clients exist (README, "Permissions"): on in the embedded
 *                    default so that the demo works out of the box; the {@code production} profile refuses to
 *                    start while it is on or while any client uses a demo credential
 * @param clients     the real clients; each has exactly one credential
 */
@ConfigurationProperties("cityhub.security")
public record SecurityProperties(@DefaultValue("true") boolean demoClients, @DefaultValue List<Client> clients) {

    /**
     * One client.
     *
     * @param id            its name in the audit trails: letters, digits, {@code . _ -}
     * @param apiKeyHash    a machine client: {@code sha256:<64 hex digits>} of its API key (sent in {@code X-Api-Key});
     *                      make one with {@code printf %s "$KEY" | sha256sum}
     * @param passwordHash  a person: an encoded password such as {@code {bcrypt}$2a$10$...} (console login, HTTP Basic)
     * @param roles         platform, ops, integrator, auditor, department
     * @param scope         {@code city} (default), {@code district:<region>[,...]} or {@code department:<code>[,...]}
     * @param personalData  whether it sees personal data in clear; default: only the platform role does
     * @param namesItsUsers a machine client acting for its own signed-in users may name them in {@code X-Cityhub-Caller}
     */
    public record Client(String id, String apiKeyHash, String passwordHash, List<String> roles, String scope, Boolean personalData,
                         @DefaultValue("false") boolean namesItsUsers) {
    }
}
