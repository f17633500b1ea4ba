package org.cityhub.console;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.cityhub.control.ConnectorControl;
import org.cityhub.store.DepartmentStore;
import org.cityhub.supervision.Light;
import org.cityhub.supervision.LightStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The console's connector and supervision pages. Both read only: the connectors through
 * {@link ConnectorControl#all()} (pause and resume are buttons whose script posts to
 * {@code /api/v1/connectors/{dept}/{connector}/actions}), the supervision lights from the persisted table the
 * supervision keeper maintains ({@link LightStore}), never recomputing (and so never writing) a light.
 */
@Controller
@RequestMapping("/console")
class ControlPages {

    /** The most late (or nearly late) cases listed per light. */
    static final int MAX_CASES = 200;
    /** The actions the connectors page offers (resync takes the watermark typed in the page's form). */
    static final Set<String> PAGE_ACTIONS = Set.of("pause", "resume", "resync");

    private final ConnectorControl connectors;
    private final LightStore lights;
    private final DepartmentStore departments;
    private final ConsoleFormat format = new ConsoleFormat();

    private final org.cityhub.security.Access access;

    ControlPages(ConnectorControl connectors, LightStore lights, DepartmentStore departments, org.cityhub.security.Access access) {
        this.access = access;
        this.connectors = connectors;
        this.lights = lights;
        this.departments = departments;
    }

    /** A connector as the page shows it: its status and the actions offered here. */
    public record ConnectorRow(ConnectorControl.Status s, List<String> actions) {

        public String id() {
            return s.department() + "-" + s.connector();
        }
    }

    /** One department's number of cases per light. */
    public record LightSummary(String department, Map<String, Long> counts) {

        public long count(String light) {
            return counts.getOrDefault(light, 0L);
        }
    }

    @ModelAttribute
    void common(Model model, HttpServletRequest request) {
        model.addAttribute("fmt", format);
        model.addAttribute("refresh", ConsolePages.REFRESH_SECONDS);
        model.addAttribute("langZh", withLanguage(request, "zh"));
        model.addAttribute("langEn", withLanguage(request, "en"));
    }

    @GetMapping("/connectors")
    String connectorList(Model model) {
        model.addAttribute("page", "connectors");
        model.addAttribute("connectors", access.filter(connectors.all(), ConnectorControl.Status::department).stream()
                .map(s -> new ConnectorRow(s, s.actions().stream().filter(PAGE_ACTIONS::contains).toList())).toList());
        return "console/connectors";
    }

    /**
     * Late (RED) and nearly late (YELLOW) cases, RED first, each by deadline (most overdue first); {@code light}
     * narrows to one of them, {@code department} to one department. An unknown light shows both.
     */
    @GetMapping("/supervision")
    String supervision(@RequestParam(required = false) String light, @RequestParam(required = false) String department,
                       Model model) {
        model.addAttribute("page", "supervision");
        String only = department == null || department.isBlank() ? null : department.strip();
        if (only != null) {
            access.require(only);
        }
        String wanted = light == null ? "" : light.strip().toUpperCase(Locale.ROOT);
        List<Light> shown = switch (wanted) {
            case "RED" -> List.of(Light.RED);
            case "YELLOW" -> List.of(Light.YELLOW);
            default -> List.of(Light.RED, Light.YELLOW);
        };
        List<LightStore.Row> rows = new ArrayList<>();
        for (Light l : shown) {
            rows.addAll(access.filter(lights.byDeadline(EnumSet.of(l), only, null, null, MAX_CASES), LightStore.Row::department));
        }
        model.addAttribute("light", shown.size() == 1 ? shown.get(0).name() : "");
        model.addAttribute("department", only);
        model.addAttribute("departments", access.filter(departments.all(), DepartmentStore.Department::code));
        model.addAttribute("cases", rows);
        model.addAttribute("maxCases", MAX_CASES);
        model.addAttribute("summaryLights", List.of(Light.RED, Light.YELLOW, Light.GREEN, Light.CLOSED, Light.NONE));
        model.addAttribute("summary", summary(only));
        return "console/supervision";
    }

    private List<LightSummary> summary(String only) {
        Map<String, Map<String, Long>> byDepartment = new TreeMap<>();
        for (Object[] r : lights.countsByDepartmentAndLight()) {
            String dept = (String) r[0];
            if ((only == null || only.equals(dept)) && access.sees(dept)) {
                byDepartment.computeIfAbsent(dept, d -> new TreeMap<>()).merge((String) r[1], ((Number) r[2]).longValue(), Long::sum);
            }
        }
        return byDepartment.entrySet().stream().map(e -> new LightSummary(e.getKey(), e.getValue())).toList();
    }

    private static String withLanguage(HttpServletRequest request, String lang) {
        return UriComponentsBuilder.fromPath(request.getRequestURI()).query(request.getQueryString())
                .replaceQueryParam(ConsoleLocale.PARAMETER, lang).build(true).toUriString();
    }
}
