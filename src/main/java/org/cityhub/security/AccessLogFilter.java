package org.cityhub.security;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.cityhub.store.AccessLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes the access log: every request that changes something (any method but GET and HEAD), every case read,
 * call-out and audit read, and every refusal (401, 403), with the client, the actor it named, its address,
 * method, path, department and answer. Sits in the security chain after authentication, around the
 * authorisation and the API, so that it sees who called and what the answer was.
 */
final class AccessLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AccessLogFilter.class);
    /** Set by {@link Access} and the APIs: the department a request concerned. */
    static final String DEPARTMENT = AccessLogFilter.class.getName() + ".department";
    private static final Pattern DEPARTMENT_IN_PATH = Pattern.compile(
            "^/(?:api/v1/(?:departments|connectors|callouts)|services/push)/([a-z][a-z0-9-]{0,31})(?:/|$)");
    private static final Pattern READS_LOGGED = Pattern.compile("^/api/v1/(?:cases/.+|cases|audit|callouts/audit)$");

    private final AccessLog accessLog;

    AccessLogFilter(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Integer denied = null;
        String detail = null;
        try {
            chain.doFilter(request, response);
        } catch (AccessDeniedException | AuthenticationException e) {
            denied = Callers.current().isPresent() ? 403 : 401;
            detail = e.getMessage();
            throw e;
        } finally {
            int status = denied != null ? denied : response.getStatus();
            if (worthLogging(request, status)) {
                write(request, status, detail);
            }
        }
    }

    private static boolean worthLogging(HttpServletRequest request, int status) {
        String method = request.getMethod();
        return status == 401 || status == 403 || !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method))
                || READS_LOGGED.matcher(path(request)).matches();
    }

    private void write(HttpServletRequest request, int status, String detail) {
        try {
            HubPrincipal p = Callers.current().orElse(null);
            String path = path(request);
            Object dept = request.getAttribute(DEPARTMENT);
            String department = dept instanceof String s ? s : null;
            if (department == null) {
                Matcher m = DEPARTMENT_IN_PATH.matcher(path);
                department = m.find() ? m.group(1) : request.getParameter("department");
            }
            String query = request.getQueryString();
            String outcome = status == 401 ? "UNAUTHENTICATED" : status == 403 ? "DENIED" : status >= 400 ? "FAILED" : "ALLOWED";
            accessLog.record(p == null ? null : p.id(), p == null ? null : Callers.actor(request.getHeader(Callers.ON_BEHALF_HEADER)),
                    p == null ? null : p.roles().stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).sorted()
                            .collect(Collectors.joining(",")),
                    request.getRemoteAddr(), request.getMethod(), query == null ? path : path + "?" + query,
                    department != null && department.length() <= 32 ? department : null, status, outcome, detail);
        } catch (RuntimeException e) {
            log.error("access log: could not record {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        }
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
