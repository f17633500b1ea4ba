package org.cityhub.support;

import org.springframework.http.HttpHeaders;

/**
 * The credentials tests use: the embedded default's documented demo clients (README, "Permissions"). Machine
 * clients send their API key in {@value #API_KEY_HEADER}; people log in to the console (form login) or use
 * HTTP Basic on the API.
 */
public final class TestClients {

    /** The header a machine client sends its API key in. */
    public static final String API_KEY_HEADER = "X-Api-Key";

    /** demo-admin: every role, city scope, personal data shown. For tests and first steps only. */
    public static final String ADMIN_KEY = "demo-admin-key";
    /** demo-platform: the city platform (read cases, intake, call-outs), city scope, personal data shown. */
    public static final String PLATFORM_KEY = "demo-platform-key";
    /** demo-ops: ops (queues, replay, connector control), city scope. */
    public static final String OPS_KEY = "demo-ops-key";
    /** demo-integrator: connectors, mappings, migrations, city scope. */
    public static final String INTEGRATOR_KEY = "demo-integrator-key";
    /** demo-auditor: read-only, audit log, city scope. */
    public static final String AUDITOR_KEY = "demo-auditor-key";

    private TestClients() {
    }

    /** The marker {@link #anonymous} sets; {@link TestCredentials} removes it and adds nothing. */
    static final String NONE = "cityhub-test-none";

    /** Marks a TestRestTemplate request to go without any credentials. */
    public static HttpHeaders anonymous(HttpHeaders h) {
        h.set(HttpHeaders.AUTHORIZATION, NONE);
        return h;
    }

    /** Headers carrying a machine client's key. */
    public static HttpHeaders withKey(String key) {
        HttpHeaders h = new HttpHeaders();
        h.set(API_KEY_HEADER, key);
        return h;
    }
}
