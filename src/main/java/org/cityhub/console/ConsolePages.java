package org.cityhub.console;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.cityhub.callout.Callouts;
import org.cityhub.caseflow.MalformedSupervisionCodeException;
import org.cityhub.caseflow.SupervisionCode;
import org.cityhub.onboarding.Onboarding;
import org.cityhub.onboarding.Reconciliation;
import org.cityhub.onboarding.ReconciliationReport;
import org.cityhub.store.Alerts;
import org.cityhub.store.CalloutAudit;
import org.cityhub.store.CaseActivity;
import org.cityhub.store.CaseStore;
import org.cityhub.store.CaseVersion;
import org.cityhub.store.DepartmentAudit;
import org.cityhub.store.DepartmentStore;
import org.cityhub.store.DispatchStore;
import org.cityhub.store.MigrationStore;
import org.cityhub.store.StoredCase;
import org.cityhub.supervision.LightStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's pages. Each reads what it shows from the hub's read-side beans at every load; the page's
 * script reloads the parts marked {@code data-live} every {@code refresh} seconds. Admin actions are not
 * taken here: the department page's script posts them to {@code /api/v1/departments/{code}/actions}.
 */
@Controller
@RequestMapping("/console")
class ConsolePages {

    /** Seconds between refreshes of a page's live parts. */
    static final int REFRESH_SECONDS = 5;
    /** The department page shows a reconciliation report (reused while nothing moved): refreshed less often. */
    static final int DEPARTMENT_REFRESH_SECONDS = 10;

    private final DepartmentStore departments;
    /** The signed-in client's department scope: pages show only its departments. */
    private final org.cityhub.security.Access access;
    private final DepartmentAudit audit;
    private final Onboarding onboarding;
    private final MigrationStore migrations;
    private final Reconciliation reconciliation;
    private final Alerts alerts;
    private final CaseActivity activity;
    private final CaseStore cases;
    private final DispatchStore dispatches;
    private final Callouts callouts;
    private final CalloutAudit calloutAudit;
    private final Traffic traffic;
    private final LightStore lights;
    private final ObjectMapper json;
    private final ConsoleFormat format = new ConsoleFormat();

    ConsolePages(DepartmentStore departments, DepartmentAudit audit, Onboarding onboarding, MigrationStore migrations,
                 Reconciliation reconciliation, Alerts alerts, CaseActivity activity, CaseStore cases, DispatchStore dispatches,
                 Callouts callouts, CalloutAudit calloutAudit, Traffic traffic, LightStore lights, ObjectMapper json,
                 org.cityhub.security.Access access) {
        this.access = access;
        this.departments = departments;
        this.audit = audit;
        this.onboarding = onboarding;
        this.migrations = migrations;
        this.reconciliation = reconciliation;
        this.alerts = alerts;
        this.activity = activity;
        this.cases = cases;
        this.dispatches = dispatches;
        this.callouts = callouts;
        this.calloutAudit = calloutAudit;
        this.traffic = traffic;
        this.lights = lights;
        this.json = json;
    }

    /**
     * A department as the console shows it.
     *
     * @param connector RUNNING, or INVALID when its connector file, mapping or source is broken (as in the API)
     * @param problem   why it is INVALID: file, field and reason
     * @param actions   the admin actions possible now
     */
    public record DepartmentRow(String code, String name, String region, String mode, String lifecycle, OffsetDateTime lifecycleSince,
                                String connector, String problem, List<String> actions) {

        public boolean invalid() {
            return problem != null;
        }
    }

    /** Where a fused case stands with one department it was sent to, beside that department's own status. */
    public record DispatchRow(String department, String state, int attempts, String lastError, OffsetDateTime updatedAt,
                              String departmentCaseNo, String status, OffsetDateTime reportedAt) {
    }

    @ModelAttribute
    void common(Model model, HttpServletRequest request) {
        model.addAttribute("fmt", format);
        model.addAttribute("refresh", REFRESH_SECONDS);
        // the language switch keeps the page and its other parameters (e.g. the looked-up case)
        model.addAttribute("langZh", withLanguage(request, "zh"));
        model.addAttribute("langEn", withLanguage(request, "en"));
    }

    @GetMapping({"", "/"})
    String overview(Model model) {
        model.addAttribute("page", "overview");
        model.addAttribute("departments", rows());
        model.addAttribute("alerts", access.filter(alerts.recent(null, 10), Alerts.Alert::department));
        model.addAttribute("changes", access.filter(activity.latest(15), CaseActivity.Change::department));
        model.addAttribute("traffic", traffic.lastHour());
        return "console/overview";
    }

    @GetMapping("/departments/{code}")
    String department(@PathVariable String code, Model model, HttpServletResponse response) {
        model.addAttribute("page", "department");
        access.require(code);
        Optional<DepartmentStore.Department> found = departments.find(code);
        if (found.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("missing", code);
            return "console/missing";
        }
        DepartmentStore.Department d = found.get();
        model.addAttribute("refresh", DEPARTMENT_REFRESH_SECONDS);
        model.addAttribute("d", row(d));
        model.addAttribute("audit", audit.of(code, 50));
        model.addAttribute("alerts", alerts.recent(code, 10));
        Optional<MigrationStore.Run> run = migrations.find(code);
        model.addAttribute("migration", run.orElse(null));
        ReconciliationReport report = run.isPresent() ? reconciliation.recent(code).orElse(null) : null;
        model.addAttribute("report", report);
        return "console/department";
    }

    @GetMapping("/alerts")
    String alertList(@RequestParam(required = false) String department, Model model) {
        model.addAttribute("page", "alerts");
        String only = department == null || department.isBlank() ? null : department.strip();
        if (only != null) {
            access.require(only);
        }
        model.addAttribute("department", only);
        model.addAttribute("departments", access.filter(departments.all(), DepartmentStore.Department::code));
        model.addAttribute("alerts", access.filter(alerts.recent(only, 200), Alerts.Alert::department));
        return "console/alerts";
    }

    @GetMapping("/callouts")
    String calloutList(Model model) {
        model.addAttribute("page", "callouts");
        model.addAttribute("operations", access.filter(callouts.operations(), Callouts.OperationView::department));
        model.addAttribute("calls", access.filter(calloutAudit.recent(null, null, 50), CalloutAudit.Entry::department));
        return "console/callouts";
    }

    /**
     * The case lookup: by supervision code as a citizen reads it out (spaces and case do not matter). A code
     * that is malformed or unknown is an answer of the lookup page (200), said on the page.
     */
    @GetMapping("/cases")
    String caseLookup(@RequestParam(required = false) String code, Model model)
            throws JsonProcessingException {
        model.addAttribute("page", "cases");
        model.addAttribute("code", code == null ? "" : code);
        if (code == null || code.isBlank()) {
            return "console/case";
        }
        SupervisionCode parsed;
        try {
            parsed = SupervisionCode.parse(code);
        } catch (MalformedSupervisionCodeException e) {
            model.addAttribute("malformed", e.getMessage());
            return "console/case";
        }
        Optional<StoredCase> found = cases.findByCode(parsed.value());
        if (found.isEmpty()) {
            model.addAttribute("notFound", parsed.value());
            return "console/case";
        }
        StoredCase c = found.get();
        access.require(c.department());
        JsonNode doc = json.readTree(c.content());
        List<CaseVersion> history = new java.util.ArrayList<>(cases.history(c.id()));
        java.util.Collections.reverse(history); // newest first, like every list in the console
        model.addAttribute("c", doc);
        model.addAttribute("stored", c);
        model.addAttribute("history", history);
        model.addAttribute("dispatch", dispatchOf(c.supervisionCode()));
        // the supervision light as the keeper last persisted it (read only: never recomputed here)
        model.addAttribute("light", lights.find(c.supervisionCode()).orElse(null));
        return "console/case";
    }

    /** This page's address (relative, its query already encoded) with the language parameter set. */
    static String withLanguage(HttpServletRequest request, String lang) {
        return UriComponentsBuilder.fromPath(request.getRequestURI()).query(request.getQueryString())
                .replaceQueryParam(ConsoleLocale.PARAMETER, lang).build(true).toUriString();
    }

    private List<DispatchRow> dispatchOf(String supervisionCode) {
        List<DispatchStore.Dispatch> sent = dispatches.forCase(supervisionCode);
        if (sent.isEmpty()) {
            return List.of();
        }
        Map<String, CaseStore.DepartmentProgress> progress = cases.progress(supervisionCode).stream()
                .collect(Collectors.toMap(CaseStore.DepartmentProgress::department, Function.identity()));
        return sent.stream().map(d -> {
            CaseStore.DepartmentProgress p = progress.get(d.department());
            String caseNo = d.departmentCaseNo() != null ? d.departmentCaseNo() : p == null ? null : p.departmentCaseNo();
            return new DispatchRow(d.department(), d.state().name(), d.attempts(), d.lastError(), d.updatedAt(), caseNo,
                    p == null ? null : p.status().name(), p == null ? null : p.recordedAt());
        }).toList();
    }

    private List<DepartmentRow> rows() {
        return access.filter(departments.all(), DepartmentStore.Department::code).stream().map(this::row).toList();
    }

    private DepartmentRow row(DepartmentStore.Department d) {
        // the registry records a broken connector with its reason, a running one without (as the API reads it)
        boolean invalid = d.stateDetail() != null && !d.stateDetail().isBlank();
        return new DepartmentRow(d.code(), d.name(), d.region(), d.mode(), d.lifecycle(), d.lifecycleSince(),
                invalid ? "INVALID" : "RUNNING", invalid ? d.stateDetail() : null, onboarding.possibleActions(d));
    }
}
