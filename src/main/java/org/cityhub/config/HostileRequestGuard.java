package org.cityhub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Names from outside that could become file paths or break parsing are refused at the door, with
 * {@code 400 application/problem+json}, before any handler sees them:
 * <ul>
 * <li>a request path holding a dot-segment, a backslash, a NUL or another control character, in clear or
 * percent-encoded ({@code ..}, {@code %2e%2e}, {@code %2F}, {@code %5C}, {@code %00});</li>
 * <li>a path variable naming a department, connector or operation ({@code department}, {@code code},
 * {@code connector}, {@code operation}) that is not a code of lowercase letters, digits and '-', or a
 * queue {@code name} that is not letters, digits, '.', '_' and '-' without "..".</li>
 * </ul>
 * The raw path is checked by a servlet filter ({@link #pathFilter()}), so that it covers every servlet (SOAP
 * services included) and paths no handler maps; the variables by an MVC interceptor.
 * The hub never makes a path of these names (departments, mappings and queues are looked up, not opened),
 * so this is defence in depth: a crafted name is a clear 400, never a 404 or 500 from deeper down.
 */
@Configuration(proxyBeanMethods = false)
class HostileRequestGuard implements WebMvcConfigurer {

    /** Department codes, connector (source) names, call-out operation names: see connector.schema.json. */
    static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,47}");
    /** Queue names such as hub.dlq.land. */
    static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Map<String, Pattern> VARIABLES = Map.of("department", CODE, "code", CODE, "connector", CODE,
            "operation", CODE, "name", QUEUE);
    /** The order in which variables are checked, outermost first, so that the answer names the first wrong one. */
    private static final java.util.List<String> ORDER = java.util.List.of("department", "code", "connector", "operation", "name");

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
                String problem = variableProblem(request);
                if (problem != null) {
                    refuse(response, problem);
                    return false;
                }
                return true;
            }
        }).order(Integer.MIN_VALUE);
    }

    /** Refuses a hostile raw request path on every servlet, right after the body limit. */
    @org.springframework.context.annotation.Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> pathFilter() {
        jakarta.servlet.Filter filter = (req, res, chain) -> {
            String problem = req instanceof HttpServletRequest http ? pathProblem(http.getRequestURI()) : null;
            if (problem != null) {
                refuse((HttpServletResponse) res, problem);
                return;
            }
            chain.doFilter(req, res);
        };
        org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> r =
                new org.springframework.boot.web.servlet.FilterRegistrationBean<>(filter);
        r.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 1);
        r.addUrlPatterns("/*");
        r.setName("cityhubPathGuard");
        return r;
    }

    /** What is wrong with the raw (still encoded) request path, or null. */
    static String pathProblem(String rawUri) {
        if (rawUri == null) {
            return null;
        }
        String lower = rawUri.toLowerCase(Locale.ROOT);
        if (lower.contains("%00") || rawUri.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "path: a NUL or control character is not allowed in a request path";
        }
        if (lower.contains("%2f") || lower.contains("%5c") || rawUri.contains("\\")) {
            return "path: an encoded '/' or a backslash is not allowed in a request path";
        }
        String decoded = lower.replace("%2e", ".");
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || segment.startsWith("..;") || segment.startsWith(".;")) {
                return "path: '.' and '..' segments are not allowed in a request path";
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static String variableProblem(HttpServletRequest request) {
        Object attr = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (!(attr instanceof Map<?, ?> vars)) {
            return null;
        }
        for (String name : ORDER) {
            if (!vars.containsKey(name)) {
                continue;
            }
            Pattern p = VARIABLES.get(name);
            String v = ((Map<String, String>) vars).get(name);
            if (v == null || !p.matcher(v).matches() || v.contains("..")) {
                return name + ": expected " + (p == QUEUE ? "a queue name (letters, digits, '.', '_', '-'; at most 128 characters)"
                        : "a code of lowercase letters, digits and '-' (at most 48 characters, starting with a letter)")
                        + ", got " + (v == null ? "nothing" : v.length() + " characters that are not one");
            }
        }
        return null;
    }

    static void refuse(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(400);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        String body = "{\"type\":\"https://cityhub.example/problems/invalid-parameter\",\"title\":\"Invalid parameter\","
                + "\"status\":400,\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
