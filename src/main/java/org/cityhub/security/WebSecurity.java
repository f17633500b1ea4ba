package org.cityhub.security;

import static org.cityhub.security.Role.AUDITOR;
import static org.cityhub.security.Role.DEPARTMENT;
import static org.cityhub.security.Role.INTEGRATOR;
import static org.cityhub.security.Role.OPS;
import static org.cityhub.security.Role.PLATFORM;

import java.util.Arrays;
import java.util.List;

import org.cityhub.store.AccessLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hub's Spring Security configuration: who may reach which endpoint (the permission matrix, README
 * "Permissions"). Machines authenticate with an API key ({@value ApiKeyAuthentication#HEADER}), people with
 * the console's login form or HTTP Basic; department scope is checked by the APIs through {@link Access}.
 * Health and the API contract stay open; so do the demo departments' own SOAP services.
 */
@Configuration
@EnableWebSecurity
class WebSecurity {

    private static final PathPatternRequestMatcher.Builder PATH = PathPatternRequestMatcher.withDefaults();
    private static final java.util.Set<String> SAFE = java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    ClientDirectory clientDirectory(SecurityProperties props, Environment env) {
        ClientDirectory clients = new ClientDirectory(props);
        if (env.acceptsProfiles(Profiles.of("production"))) {
            if (props.demoClients()) {
                throw new IllegalStateException("cityhub.security.demo-clients: the production profile refuses to start with the demo clients"
                        + " on (their credentials are public); set cityhub.security.demo-clients=false and configure cityhub.security.clients");
            }
            List<String> demo = clients.demoCredentialsInUse();
            if (!demo.isEmpty()) {
                throw new IllegalStateException("the production profile refuses to start with a demo credential: " + String.join("; ", demo));
            }
        }
        return clients;
    }

    /**
     * Spring Security observes nothing: no observation around each filter of the chain, nor around the authentication
     * and the authorization. With an observation registry present (Micrometer's, for http.server.requests) it would
     * otherwise wrap every filter of every request in an observation. Turning that off by observation name
     * ({@code management.observations.enable.spring.security}) only makes those observations no-ops: the wrapping
     * stays, and it held 61% of the request threads' samples (inclusive) in the lookups' profile (bench/NOTES.md). The
     * request itself is still timed by http.server.requests, and the access log records who was let in.
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    /** The security chain without the handler-lookup cache filter in front of it: see {@link OneHandlerLookup}. */
    @Bean
    static OneHandlerLookup oneHandlerLookup() {
        return new OneHandlerLookup();
    }

    /**
     * A request Spring Security's firewall refuses before any filter chain (an encoded line feed, a
     * {@code ..} segment, a null byte in the path): a 400 problem with the firewall's reason, like every refusal.
     */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejected(ObjectMapper json) {
        Problems problems = new Problems(json);
        return (request, response, e) -> problems.write(response, HttpStatus.BAD_REQUEST, "Rejected request",
                "the request was refused before reading: " + e.getMessage());
    }

    /**
     * The demo departments' own systems (simulated inside the hub, present only with the demo on): not the
     * hub's API, so not the hub's clients; their callers' credentials (e.g. HTTP Basic of the department's
     * own accounts) are theirs to check, not Spring Security's.
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain demoDepartmentSystems(HttpSecurity http) throws Exception {
        return http.securityMatcher(PATH.matcher("/services/demo/**"))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain hubSecurity(HttpSecurity http, ClientDirectory clients, AccessLog accessLog, ObjectMapper json) throws Exception {
        Problems problems = new Problems(json);
        AccessLogFilter accessLogFilter = new AccessLogFilter(accessLog);

        AuthenticationManager keys = new ProviderManager(ApiKeyAuthentication.provider(clients));
        AuthenticationFilter apiKeys = new AuthenticationFilter(keys, ApiKeyAuthentication.converter());
        apiKeys.setSuccessHandler((request, response, authentication) -> { });
        apiKeys.setFailureHandler((request, response, e) -> {
            accessLog.record(null, null, null, request.getRemoteAddr(), request.getMethod(), request.getRequestURI(), null, 401,
                    "UNAUTHENTICATED", e.getMessage());
            problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthenticated", e.getMessage());
        });

        DaoAuthenticationProvider people = new DaoAuthenticationProvider(clients);
        people.setPasswordEncoder(clients.passwordEncoder());

        RequestMatcher machineOrBasic = request -> request.getHeader(ApiKeyAuthentication.HEADER) != null
                || (request.getHeader("Authorization") != null && request.getHeader("Authorization").startsWith("Basic "));
        RequestMatcher api = any("/api/**", "/services/**", "/actuator/**");

        http.authenticationProvider(people)
                .addFilterBefore(apiKeys, BasicAuthenticationFilter.class)
                .addFilterAfter(accessLogFilter, ExceptionTranslationFilter.class)
                .httpBasic(basic -> basic.realmName("cityhub"))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/console", false).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                // CSRF protects what rides on a session cookie: the console's script posts with its session and the
                // token from the page, and so do the sign-in and sign-out forms. Machines and HTTP Basic carry their
                // credentials in every request, which a foreign page cannot forge; a request without a session has
                // nothing to ride on (it is answered 401 instead)
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(request -> !SAFE.contains(request.getMethod())
                        && !machineOrBasic.matches(request)
                        && (request.getRequestedSessionId() != null || any("/login", "/logout").matches(request))))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor((request, response, ex) -> problems.write(response, HttpStatus.UNAUTHORIZED,
                                "Unauthenticated", "this endpoint needs credentials: an API key in " + ApiKeyAuthentication.HEADER
                                        + " (machines) or HTTP Basic (people)"), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                        .accessDeniedHandler((request, response, ex) -> problems.write(response, HttpStatus.FORBIDDEN, "Forbidden",
                                Callers.current().map(p -> "client " + p.id() + " (roles " + p.roles() + ") may not "
                                        + request.getMethod() + " " + request.getRequestURI()).orElse(ex.getMessage()))))
                .authorizeHttpRequests(a -> a
                        // open: health for load balancers, the API contract, the login page and the console's static files
                        .requestMatchers(any("/actuator/health", "/actuator/health/**", "/contract/**", "/login", "/error",
                                "/console/console.css", "/console/console.js", "/favicon.ico")).permitAll()
                        // a department's system pushes records for the departments in its scope only
                        .requestMatchers(PATH.matcher("/services/push/{department}")).access(departmentPush())
                        .requestMatchers(PATH.matcher(HttpMethod.POST, "/api/v1/cases")).hasRole(PLATFORM.name())
                        .requestMatchers(get("/api/v1/cases", "/api/v1/cases/**")).hasAnyRole(roles(PLATFORM, OPS, AUDITOR))
                        .requestMatchers(PATH.matcher(HttpMethod.GET, "/api/v1/callouts/audit")).hasAnyRole(roles(OPS, AUDITOR))
                        .requestMatchers(PATH.matcher(HttpMethod.GET, "/api/v1/callouts")).hasAnyRole(roles(PLATFORM, OPS, AUDITOR))
                        .requestMatchers(PATH.matcher(HttpMethod.POST, "/api/v1/callouts/**")).hasRole(PLATFORM.name())
                        .requestMatchers(get("/api/v1/supervision/**")).hasAnyRole(roles(PLATFORM, OPS, AUDITOR))
                        .requestMatchers(get("/api/v1/alerts")).hasAnyRole(roles(OPS, INTEGRATOR, AUDITOR))
                        .requestMatchers(get("/api/v1/departments", "/api/v1/departments/*")).hasAnyRole(roles(PLATFORM, OPS, INTEGRATOR, AUDITOR))
                        .requestMatchers(get("/api/v1/departments/**")).hasAnyRole(roles(OPS, INTEGRATOR, AUDITOR))
                        .requestMatchers(PATH.matcher(HttpMethod.POST, "/api/v1/departments/*/actions")).hasRole(INTEGRATOR.name())
                        .requestMatchers(PATH.matcher(HttpMethod.POST, "/api/v1/connectors/validate")).hasRole(INTEGRATOR.name())
                        .requestMatchers(PATH.matcher(HttpMethod.POST, "/api/v1/connectors/*/*/actions")).hasRole(OPS.name())
                        .requestMatchers(get("/api/v1/connectors", "/api/v1/connectors/**")).hasAnyRole(roles(OPS, INTEGRATOR, AUDITOR))
                        .requestMatchers(PATH.matcher(HttpMethod.POST, "/api/v1/ops/mappings/reload")).hasAnyRole(roles(OPS, INTEGRATOR))
                        .requestMatchers(get("/api/v1/ops/audit")).hasAnyRole(roles(OPS, AUDITOR))
                        .requestMatchers(PATH.matcher("/api/v1/ops/**")).hasRole(OPS.name())
                        .requestMatchers(get("/api/v1/audit")).hasRole(AUDITOR.name())
                        .requestMatchers(get("/actuator/**")).hasRole(OPS.name())
                        .requestMatchers(get("/console", "/console/**")).hasAnyRole(roles(OPS, INTEGRATOR, AUDITOR))
                        .anyRequest().denyAll());
        return http.build();
    }

    /** The department role, and the pushed department within the client's scope. */
    private static AuthorizationManager<RequestAuthorizationContext> departmentPush() {
        return (authentication, context) -> {
            String department = context.getVariables().get("department");
            boolean allowed = Callers.current().filter(p -> p.has(DEPARTMENT))
                    .map(p -> p.scope().level() == Scope.Level.CITY || p.scope().codes().contains(department)).orElse(false);
            return new AuthorizationDecision(allowed);
        };
    }

    private static RequestMatcher any(String... patterns) {
        List<RequestMatcher> ms = Arrays.stream(patterns).<RequestMatcher>map(PATH::matcher).toList();
        return request -> ms.stream().anyMatch(m -> m.matches(request));
    }

    private static RequestMatcher get(String... patterns) {
        List<RequestMatcher> ms = Arrays.stream(patterns).<RequestMatcher>map(p -> PATH.matcher(HttpMethod.GET, p)).toList();
        return request -> ms.stream().anyMatch(m -> m.matches(request));
    }

    private static String[] roles(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }
}
