package org.cityhub.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationConverter;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A machine client's authentication by API key, in Spring Security's terms: the converter reads
 * {@value #HEADER}, the provider finds the client by the key's hash. Wired by {@link WebSecurity} into an
 * {@code AuthenticationFilter}.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    /** The header a machine client sends its key in. */
    public static final String HEADER = "X-Api-Key";

    private final transient String key;
    private final HubPrincipal principal;

    private ApiKeyAuthentication(String key) {
        super(List.of());
        this.key = key;
        this.principal = null;
    }

    ApiKeyAuthentication(HubPrincipal principal) {
        super(principal.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
        this.key = null;
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return key;
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal == null ? "" : principal.id();
    }

    /** Reads the key from the request; null (no attempt) when the header is absent. */
    static AuthenticationConverter converter() {
        return (HttpServletRequest request) -> {
            String key = request.getHeader(HEADER);
            return key == null ? null : new ApiKeyAuthentication(key.strip());
        };
    }

    /** Finds the client holding the key. */
    static AuthenticationProvider provider(ClientDirectory clients) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String key = (String) authentication.getCredentials();
                return clients.byApiKey(key).map(ApiKeyAuthentication::new)
                        .orElseThrow(() -> new BadCredentialsException("the API key in " + HEADER + " belongs to no client"));
            }

            @Override
            public boolean supports(Class<?> type) {
                return ApiKeyAuthentication.class.isAssignableFrom(type);
            }
        };
    }
}
