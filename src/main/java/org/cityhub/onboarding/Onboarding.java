package org.cityhub.onboarding;

import java.util.List;
import java.util.Optional;

import org.cityhub.connector.ConnectorRegistry;
import org.cityhub.store.DepartmentAudit;
import org.cityhub.store.DepartmentStore;
import org.cityhub.store.MigrationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The onboarding processes: a department's lifecycle moves only through {@link #act admin actions},
 * each recorded in the audit trail with who, why and the outcome, also when refused.
 *
 * <ul>
 *   <li>fusion, callout: ONBOARDING → (activate) → ACTIVE</li>
 *   <li>retire: ONBOARDING → (start-migration) → MIGRATING → (verify, only on a reconciled migration) →
 *       VERIFIED → (retire) → RETIRED</li>
 * </ul>
 */
@Component
public class Onboarding {

    private static final Logger log = LoggerFactory.getLogger(Onboarding.class);

    private final DepartmentStore departments;
    private final DepartmentAudit audit;
    private final Migrations migrations;
    private final MigrationStore migrationStore;
    private final Reconciliation reconciliation;
    private final ObjectMapper json;

    public Onboarding(DepartmentStore departments, DepartmentAudit audit, Migrations migrations, MigrationStore migrationStore,
                      Reconciliation reconciliation, ObjectMapper json) {
        this.departments = departments;
        this.audit = audit;
        this.migrations = migrations;
        this.migrationStore = migrationStore;
        this.reconciliation = reconciliation;
        this.json = json;
    }

    /**
     * An admin action request.
     *
     * @param acceptRejected verify only: accept a reconciliation whose only difference is legacy records
     *                       the mapping rejected (the reason must say why)
     */
    public record Request(String action, String actor, String reason, boolean acceptRejected) {
    }

    /**
     * Takes an admin action on a department.
     *
     * @return the audit entry of the action
     * @throws java.util.NoSuchElementException when the department is unknown
     * @throws IllegalArgumentException         when the action is unknown or the request incomplete
     * @throws ActionRefused                    when the action is not possible now (audited as REFUSED)
     */
    public DepartmentAudit.Entry act(String code, Request request) {
        DepartmentStore.Department d = departments.find(code)
                .orElseThrow(() -> new java.util.NoSuchElementException("no department " + code));
        AdminAction action = AdminAction.of(request.action()).orElseThrow(() -> new IllegalArgumentException(
                "action: expected one of " + AdminAction.words() + ", got '" + request.action() + "'"));
        if (request.actor() == null || request.actor().isBlank()) {
            throw new IllegalArgumentException("actor: an admin action must say who takes it (the authenticated client)");
        }
        if (request.acceptRejected() && (request.reason() == null || request.reason().isBlank())) {
            throw new IllegalArgumentException("reason: accepting rejected records needs a reason");
        }
        Lifecycle from = Lifecycle.valueOf(d.lifecycle());
        Optional<String> refusal = action.refusal(d.mode(), from);
        if (refusal.isEmpty() && ConnectorRegistry.INVALID.equals(d.state()) && action != AdminAction.RETIRE) {
            refusal = Optional.of("the department's connector file is invalid: " + d.stateDetail());
        }
        String detail = null;
        if (refusal.isEmpty() && action == AdminAction.VERIFY) {
            ReconciliationReport report = reconciliation.report(code).orElse(null);
            if (report == null) {
                refusal = Optional.of("there is no migration to verify");
            } else if (!report.reconciled() && !(request.acceptRejected() && report.onlyRejectedDiffer())) {
                refusal = Optional.of("the migration is not reconciled: " + String.join("; ",
                        report.differences().stream().map(ReconciliationReport.Difference::detail).toList())
                        + " (report: /api/v1/departments/" + code + "/migration/report)");
            } else {
                migrationStore.keepVerifiedReport(code, write(report));
                detail = "verified on the report of " + report.generatedAt() + ": " + report.totals().storeCases() + " cases, checksum "
                        + report.checksum().store() + (report.rejected().isEmpty() ? "" : ", " + report.rejected().size()
                        + " rejected legacy record(s) accepted");
            }
        }
        if (refusal.isEmpty() && action == AdminAction.RESUME_MIGRATION && migrations.isRunning(code)) {
            refusal = Optional.of("the migration is running");
        }
        if (refusal.isPresent()) {
            log.warn("department {}: {} by {} refused: {}", code, action.word(), request.actor(), refusal.get());
            audit.record(code, action.word(), request.actor(), request.reason(), from.name(), from.name(), "REFUSED", refusal.get());
            throw new ActionRefused(refusal.get());
        }
        if (!departments.moveLifecycle(code, from.name(), action.to().name())) {
            String why = "the department left state " + from + " meanwhile (another admin acted)";
            audit.record(code, action.word(), request.actor(), request.reason(), from.name(), from.name(), "REFUSED", why);
            throw new ActionRefused(why);
        }
        try {
            switch (action) {
                case START_MIGRATION -> {
                    migrations.start(code);
                    detail = "reading the whole history afresh";
                }
                case RESUME_MIGRATION -> {
                    migrations.resume(code);
                    detail = "reading on from the last checkpoint";
                }
                case RETIRE -> detail = "the legacy system is retired: anything it still sends is refused and raises an alert";
                case ACTIVATE -> detail = "in service";
                case VERIFY -> {
                    // detail set above
                }
            }
        } catch (RuntimeException e) {
            departments.moveLifecycle(code, action.to().name(), from.name());
            audit.record(code, action.word(), request.actor(), request.reason(), from.name(), from.name(), "REFUSED", e.getMessage());
            throw new ActionRefused(e.getMessage());
        }
        log.info("department {}: {} by {}: {} → {} ({})", code, action.word(), request.actor(), from, action.to(), detail);
        return audit.record(code, action.word(), request.actor(), request.reason(), from.name(), action.to().name(), "DONE", detail);
    }

    /**
     * Whether the platform may give the department work now (intake dispatch, call-outs): only an ACTIVE
     * department.
     *
     * @throws NotInService with the department's state and what to do
     */
    public void requireInService(String code) {
        DepartmentStore.Department d = departments.find(code)
                .orElseThrow(() -> new NotInService(code, "UNKNOWN", "department " + code + " is not known to the hub"));
        if (!Lifecycle.ACTIVE.name().equals(d.lifecycle()) || ConnectorRegistry.INVALID.equals(d.state())) {
            String why = ConnectorRegistry.INVALID.equals(d.state()) ? "its connector file is invalid: " + d.stateDetail()
                    : "it is " + d.lifecycle() + (Lifecycle.ONBOARDING.name().equals(d.lifecycle())
                    ? "; an admin puts it in service with the action activate" : "");
            throw new NotInService(code, d.lifecycle(), "department " + code + " does not take work from the platform now: " + why);
        }
    }

    /** The actions possible for the department now (preconditions aside). */
    public List<String> possibleActions(DepartmentStore.Department d) {
        List<String> possible = AdminAction.possible(d.mode(), Lifecycle.valueOf(d.lifecycle()));
        if (ConnectorRegistry.INVALID.equals(d.state())) {
            // only retirement does not need the department's connector (see act)
            return possible.stream().filter(a -> a.equals(AdminAction.RETIRE.word())).toList();
        }
        return possible;
    }

    private String write(ReconciliationReport report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
