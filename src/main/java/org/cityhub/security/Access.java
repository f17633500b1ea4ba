package org.cityhub.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.cityhub.store.DepartmentStore;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Department scope for the request's client: which departments it sees, and a refusal (403, in the access
 * log) when it names one outside its scope. Roles are checked by the filter chain ({@link WebSecurity});
 * scope needs the department, so the APIs ask here.
 */
@Component
public class Access {

    private final DepartmentStore departments;

    public Access(DepartmentStore departments) {
        this.departments = departments;
    }

    /** Whether the current client sees this department (true outside a request, e.g. for scheduled work). */
    public boolean sees(String department) {
        Optional<HubPrincipal> p = Callers.current();
        if (p.isEmpty() || p.get().scope().level() == Scope.Level.CITY) {
            return true;
        }
        if (department == null) {
            return false;
        }
        Scope scope = p.get().scope();
        if (scope.level() == Scope.Level.DEPARTMENT) {
            return scope.codes().contains(department);
        }
        return departments.find(department).map(scope::covers).orElse(false);
    }

    /**
     * Refuses a department outside the client's scope.
     *
     * @throws AccessDeniedException answered 403 and logged
     */
    public void require(String department) {
        org.springframework.web.context.request.RequestAttributes request =
                org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (request != null && department != null) {
            request.setAttribute(AccessLogFilter.DEPARTMENT, department, org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
        }
        if (!sees(department)) {
            HubPrincipal p = Callers.current().orElseThrow();
            throw new AccessDeniedException("department '" + department + "' is outside the scope of client " + p.id() + " (" + p.scope() + ")");
        }
    }

    /**
     * Refuses a client without city scope: for what concerns every department at once (the broker's own
     * dead-letter queue, a reload of every mapping).
     */
    public void requireCity(String what) {
        Optional<HubPrincipal> p = Callers.current();
        if (p.isPresent() && p.get().scope().level() != Scope.Level.CITY) {
            throw new AccessDeniedException(what + " concerns every department: it needs city scope, client " + p.get().id()
                    + " has " + p.get().scope());
        }
    }

    /** Refuses when any of the departments is outside the client's scope. */
    public void requireAll(Collection<String> codes) {
        for (String c : codes) {
            require(c);
        }
    }

    /** The departments the client sees; empty means all (city scope). */
    public Optional<Set<String>> visible() {
        Optional<HubPrincipal> p = Callers.current();
        if (p.isEmpty() || p.get().scope().level() == Scope.Level.CITY) {
            return Optional.empty();
        }
        return Optional.of(departments.all().stream().map(DepartmentStore.Department::code).filter(this::sees)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * Keeps what the client sees of a list, by each item's department: everything for city scope; for a
     * narrower scope only items of its departments (an item of no department, which concerns them all, is left out).
     */
    public <T> List<T> filter(List<T> items, java.util.function.Function<T, String> department) {
        if (visible().isEmpty()) {
            return items;
        }
        return items.stream().filter(i -> sees(department.apply(i))).toList();
    }

    /** Whether the client sees personal data in clear (true outside a request). */
    public boolean personalData() {
        return Callers.current().map(HubPrincipal::personalData).orElse(true);
    }
}
