package org.cityhub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Every client the hub knows: the configured ones ({@code cityhub.security.clients}) and, while
 * {@code cityhub.security.demo-clients} is on, the documented demo clients. API keys are kept only as SHA-256
 * hashes (a key is long and random, so a fast hash is enough and a lookup costs one hash), passwords only as
 * encoded hashes (bcrypt). A malformed entry stops the start-up with its index, field and what was expected.
 */
public final class ClientDirectory implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(ClientDirectory.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern KEY_HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    /** A demo client: its clear credential is documented in README and refused by the production profile. */
    record Demo(String id, String apiKey, String password, Set<Role> roles, String scope, boolean personalData, boolean namesItsUsers) {
    }

    /** The documented demo password of the demo people. */
    static final String DEMO_PASSWORD = "cityhub-demo";

    static final List<Demo> DEMO = List.of(
            new Demo("demo-admin", "demo-admin-key", null, EnumSet.allOf(Role.class), "city", true, true),
            new Demo("demo-platform", "demo-platform-key", null, EnumSet.of(Role.PLATFORM), "city", true, true),
            new Demo("demo-ops", "demo-ops-key", null, EnumSet.of(Role.OPS), "city", false, true),
            new Demo("demo-integrator", "demo-integrator-key", null, EnumSet.of(Role.INTEGRATOR), "city", false, true),
            new Demo("demo-auditor", "demo-auditor-key", null, EnumSet.of(Role.AUDITOR), "city", false, false),
            new Demo("demo-land-system", "demo-land-key", null, EnumSet.of(Role.DEPARTMENT), "department:land", false, false),
            new Demo("demo-market-system", "demo-market-key", null, EnumSet.of(Role.DEPARTMENT), "department:market", false, false),
            new Demo("ops", null, DEMO_PASSWORD, EnumSet.of(Role.OPS, Role.INTEGRATOR), "city", false, false),
            new Demo("auditor", null, DEMO_PASSWORD, EnumSet.of(Role.AUDITOR), "city", false, false),
            new Demo("fuling-ops", null, DEMO_PASSWORD, EnumSet.of(Role.OPS), "district:500102", false, false),
            new Demo("land-ops", null, DEMO_PASSWORD, EnumSet.of(Role.OPS), "department:land", false, false));

    private record Entry(HubPrincipal principal, String apiKeyHash, String passwordHash) {
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final Map<String, Entry> byKeyHash = new LinkedHashMap<>();
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final List<String> demoCredentialsInUse = new ArrayList<>();

    public ClientDirectory(SecurityProperties props) {
        List<SecurityProperties.Client> clients = props.clients() == null ? List.of() : props.clients();
        for (int i = 0; i < clients.size(); i++) {
            add(read(i, clients.get(i)));
        }
        if (props.demoClients()) {
            // one bcrypt for the one demo password (each costs ~0.1 s of start-up)
            String demoPasswordHash = passwords.encode(DEMO_PASSWORD);
            for (Demo d : DEMO) {
                if (byId.containsKey(d.id())) {
                    continue; // a configured client of the same name replaces the demo one
                }
                add(new Entry(new HubPrincipal(d.id(), d.password() != null, d.roles(), Scope.parse(d.scope()), d.personalData(),
                        d.namesItsUsers()), d.apiKey() == null ? null : sha256(d.apiKey()),
                        d.password() == null ? null : DEMO_PASSWORD.equals(d.password()) ? demoPasswordHash : passwords.encode(d.password())));
            }
            log.warn("security: the demo clients are on (cityhub.security.demo-clients); their credentials are public (README,"
                    + " \"Permissions\"): switch them off outside a demo");
        }
        for (int i = 0; i < clients.size(); i++) {
            SecurityProperties.Client c = clients.get(i);
            for (Demo d : DEMO) {
                boolean sameKey = d.apiKey() != null && c.apiKeyHash() != null && c.apiKeyHash().strip().equals(sha256(d.apiKey()));
                boolean samePassword = d.password() != null && c.passwordHash() != null && matches(d.password(), c.passwordHash());
                if (sameKey || samePassword) {
                    demoCredentialsInUse.add("cityhub.security.clients[" + i + "] (" + c.id() + ") uses the demo credential of " + d.id());
                }
            }
        }
        log.info("security: {} clients ({} machines, {} people)", byId.size(),
                byId.values().stream().filter(e -> !e.principal().person()).count(), byId.values().stream().filter(e -> e.principal().person()).count());
    }

    private boolean matches(String clear, String encoded) {
        try {
            return passwords.matches(clear, encoded.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void add(Entry e) {
        byId.put(e.principal().id(), e);
        if (e.apiKeyHash() != null) {
            byKeyHash.put(e.apiKeyHash(), e);
        }
    }

    private Entry read(int index, SecurityProperties.Client c) {
        String at = "cityhub.security.clients[" + index + "]";
        if (c.id() == null || !ID.matcher(c.id()).matches()) {
            throw new IllegalStateException(at + ".id: expected letters, digits, '.', '_' or '-' (up to 64), got '" + c.id() + "'");
        }
        at += " (" + c.id() + ")";
        if (byId.containsKey(c.id())) {
            throw new IllegalStateException(at + ".id: another client has the same id");
        }
        boolean key = c.apiKeyHash() != null && !c.apiKeyHash().isBlank();
        boolean password = c.passwordHash() != null && !c.passwordHash().isBlank();
        if (key == password) {
            throw new IllegalStateException(at + ": expected exactly one of apiKeyHash (a machine) or passwordHash (a person)");
        }
        if (key && !KEY_HASH.matcher(c.apiKeyHash().strip()).matches()) {
            throw new IllegalStateException(at + ".apiKeyHash: expected sha256:<64 lower-case hex digits> (printf %s \"$KEY\" | sha256sum),"
                    + " got a value of " + c.apiKeyHash().strip().length() + " characters");
        }
        if (key && byKeyHash.containsKey(c.apiKeyHash().strip())) {
            throw new IllegalStateException(at + ".apiKeyHash: another client has the same API key");
        }
        if (password && !c.passwordHash().strip().startsWith("{")) {
            throw new IllegalStateException(at + ".passwordHash: expected an encoded password with its algorithm, e.g. {bcrypt}$2a$10$...");
        }
        if (c.roles() == null || c.roles().isEmpty()) {
            throw new IllegalStateException(at + ".roles: expected at least one of platform, ops, integrator, auditor, department");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (int r = 0; r < c.roles().size(); r++) {
            try {
                roles.add(Role.parse(c.roles().get(r)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(at + ".roles[" + r + "]: " + e.getMessage());
            }
        }
        Scope scope;
        try {
            scope = Scope.parse(c.scope());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(at + ".scope: " + e.getMessage());
        }
        boolean personal = c.personalData() != null ? c.personalData() : roles.contains(Role.PLATFORM);
        return new Entry(new HubPrincipal(c.id(), password, Set.copyOf(roles), scope, personal, c.namesItsUsers()),
                key ? c.apiKeyHash().strip() : null, password ? c.passwordHash().strip() : null);
    }

    /** Whether a text is shaped like a client id (letters, digits, {@code . _ -}, up to 64). */
    public static boolean isClientId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** The machine client holding this API key. */
    public Optional<HubPrincipal> byApiKey(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 512) {
            return Optional.empty();
        }
        Entry e = byKeyHash.get(sha256(apiKey));
        return e == null ? Optional.empty() : Optional.of(e.principal());
    }

    /** A client by id. */
    public Optional<HubPrincipal> byId(String id) {
        Entry e = byId.get(id);
        return e == null ? Optional.empty() : Optional.of(e.principal());
    }

    /** Where a configured client uses a documented demo credential (the production profile refuses these). */
    public List<String> demoCredentialsInUse() {
        return List.copyOf(demoCredentialsInUse);
    }

    /** The people, for Spring Security's form login and HTTP Basic. */
    @Override
    public UserDetails loadUserByUsername(String username) {
        Entry e = byId.get(username);
        if (e == null || e.passwordHash() == null) {
            throw new UsernameNotFoundException("no such person");
        }
        return new Person(e.principal(), e.passwordHash());
    }

    PasswordEncoder passwordEncoder() {
        return passwords;
    }

    /** A person as Spring Security authenticates them, carrying the hub's principal. */
    public static final class Person extends User {
        private final HubPrincipal principal;

        Person(HubPrincipal principal, String passwordHash) {
            super(principal.id(), passwordHash, principal.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
            this.principal = principal;
        }

        public HubPrincipal principal() {
            return principal;
        }
    }

    static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
