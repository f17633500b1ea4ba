package org.cityhub.platform;

import java.time.OffsetDateTime;
import java.util.List;

import org.cityhub.connector.ConnectorRegistry;
import org.cityhub.onboarding.Onboarding;
import org.cityhub.onboarding.ReconciliationReport;
import org.cityhub.store.DepartmentAudit;
import org.cityhub.store.DepartmentStore;
import org.cityhub.store.MigrationStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The departments the hub knows, with their onboarding mode and state, the admin actions that move
 * them on (audited), and retire-mode migrations with their reconciliation report.
 */
@RestController
@RequestMapping(path = "/api/v1/departments", produces = MediaType.APPLICATION_JSON_VALUE)
class DepartmentApi {

    /** The user a trusted client names as acting (see {@link org.cityhub.security.Callers}). */
    static final String CALLER_HEADER = org.cityhub.security.Callers.ON_BEHALF_HEADER;

    private final DepartmentStore departments;
    private final DepartmentAudit audit;
    private final Onboarding onboarding;
    private final MigrationStore migrations;
    private final org.cityhub.onboarding.Reconciliation reconciliation;

    private final org.cityhub.security.Access access;

    DepartmentApi(DepartmentStore departments, DepartmentAudit audit, Onboarding onboarding, MigrationStore migrations,
                  org.cityhub.onboarding.Reconciliation reconciliation, org.cityhub.security.Access access) {
        this.access = access;
        this.departments = departments;
        this.audit = audit;
        this.onboarding = onboarding;
        this.migrations = migrations;
        this.reconciliation = reconciliation;
    }

    /**
     * A department as the API shows it.
     *
     * @param state            its onboarding state (ONBOARDING, ACTIVE, MIGRATING, VERIFIED, RETIRED)
     * @param connector        RUNNING, or INVALID when its connector file, mapping or source is broken
     * @param connectorProblem why the connector is INVALID
     * @param actions          the admin actions possible in this state
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DepartmentView(String code, String name, String region, String mode, String state, OffsetDateTime stateSince,
                          String connector, String connectorProblem, List<String> actions) {
    }

    record DepartmentList(List<DepartmentView> items) {
    }

    /** An admin action request; the actor is the caller. */
    record ActionRequest(String action, String reason, Boolean acceptRejected) {
    }

    record ActionResult(DepartmentView department, DepartmentAudit.Entry audit) {
    }

    record AuditList(List<DepartmentAudit.Entry> items) {
    }

    @GetMapping
    DepartmentList list() {
        return new DepartmentList(access.filter(departments.all(), DepartmentStore.Department::code).stream().map(this::view).toList());
    }

    @GetMapping("/{code}")
    DepartmentView one(@PathVariable String code) {
        return view(find(code));
    }

    /** Takes an admin action: 200 with the department and the audit entry, 409 when it is not possible now. */
    @PostMapping(path = "/{code}/actions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ActionResult act(@PathVariable String code, @RequestHeader(name = CALLER_HEADER, required = false) String caller,
                     @RequestBody(required = false) ActionRequest body) {
        find(code);
        if (body == null || body.action() == null) {
            throw ApiProblem.badRequest("Bad action", "body: expected {\"action\": one of "
                    + org.cityhub.onboarding.AdminAction.words() + ", \"reason\": why}");
        }
        String actor = org.cityhub.security.Callers.actor(caller);
        try {
            DepartmentAudit.Entry entry = onboarding.act(code, new Onboarding.Request(body.action(), actor, body.reason(),
                    Boolean.TRUE.equals(body.acceptRejected())));
            return new ActionResult(view(find(code)), entry);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("Bad action", e.getMessage());
        }
    }

    @GetMapping("/{code}/audit")
    AuditList audit(@PathVariable String code, @RequestParam(defaultValue = "100") int limit) {
        find(code);
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("Bad parameter", "limit: expected 1 to 1000, got " + limit);
        }
        return new AuditList(audit.of(code, limit));
    }

    /** How far the department's migration has read. */
    @GetMapping("/{code}/migration")
    MigrationStore.Run migration(@PathVariable String code) {
        find(code);
        return migrations.find(code).orElseThrow(() -> ApiProblem.notFound("No migration", "department " + code
                + " has not been migrated: take the action start-migration (mode retire)"));
    }

    /** The reconciliation report as JSON, or as CSV with {@code ?format=csv} or {@code Accept: text/csv}. */
    @GetMapping(path = "/{code}/migration/report", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    ResponseEntity<?> report(@PathVariable String code, @RequestParam(required = false) String format,
                             @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        find(code);
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw ApiProblem.badRequest("Bad parameter", "format: expected csv or json, got '" + format + "'");
        }
        ReconciliationReport report = reconciliation.report(code).orElseThrow(() -> ApiProblem.notFound("No migration",
                "department " + code + " has not been migrated: take the action start-migration (mode retire)"));
        boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains("text/csv")
                && !accept.contains(MediaType.APPLICATION_JSON_VALUE));
        if (csv) {
            return ResponseEntity.ok()
                    .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"reconciliation-" + code + ".csv\"")
                    .body(report.toCsv());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    private DepartmentStore.Department find(String code) {
        access.require(code);
        return departments.find(code).orElseThrow(() -> ApiProblem.notFound("No such department", "no department '" + code + "'"));
    }

    private DepartmentView view(DepartmentStore.Department d) {
        boolean invalid = ConnectorRegistry.INVALID.equals(d.state());
        return new DepartmentView(d.code(), d.name(), d.region(), d.mode(), d.lifecycle(), d.lifecycleSince(),
                invalid ? "INVALID" : "RUNNING", invalid ? d.stateDetail() : null, onboarding.possibleActions(d));
    }
}
