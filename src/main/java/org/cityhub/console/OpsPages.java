package org.cityhub.console;

import java.util.List;
import java.util.Optional;

import org.cityhub.ops.DeadLetterDesk;
import org.cityhub.ops.QueueMonitor;
import org.cityhub.store.DepartmentStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The exchange pages: the hub's queues with the broker's figures, and a department's dead letters with their
 * reasons. Both only read (through the ops package's {@link QueueMonitor} and {@link DeadLetterDesk}); replay,
 * discard and mapping reload are buttons whose script posts to {@code /api/v1/ops/...}, audited like any API call.
 */
@Controller
@RequestMapping("/console")
class OpsPages {

    /** Dead letters shown at most on one page (the API pages on beyond). */
    static final int DEAD_LETTER_LIMIT = 200;

    private final QueueMonitor queues;
    private final DeadLetterDesk deadLetters;
    private final DepartmentStore departments;
    private final ConsoleFormat format = new ConsoleFormat();

    private final org.cityhub.security.Access access;

    OpsPages(QueueMonitor queues, DeadLetterDesk deadLetters, DepartmentStore departments, org.cityhub.security.Access access) {
        this.access = access;
        this.queues = queues;
        this.deadLetters = deadLetters;
        this.departments = departments;
    }

    @ModelAttribute
    void common(Model model, HttpServletRequest request) {
        model.addAttribute("fmt", format);
        model.addAttribute("refresh", ConsolePages.REFRESH_SECONDS);
        model.addAttribute("langZh", ConsolePages.withLanguage(request, "zh"));
        model.addAttribute("langEn", ConsolePages.withLanguage(request, "en"));
    }

    @GetMapping("/queues")
    String queueList(Model model) {
        model.addAttribute("page", "queues");
        // the sampler's history: kept in memory, so it shows even while the broker does not answer
        model.addAttribute("throughput", queues.throughput());
        try {
            QueueMonitor.Overview overview = queues.overview();
            model.addAttribute("readAt", overview.readAt());
            // a scoped client sees its departments' queues only (not the broker's own, which mixes every department)
            model.addAttribute("queues", access.filter(overview.items(), QueueMonitor.QueueView::department));
        } catch (RuntimeException e) {
            // the broker did not answer: say so on the page instead of showing zeros
            model.addAttribute("queues", List.of());
            model.addAttribute("brokerProblem", String.valueOf(e.getMessage()));
        }
        return "console/queues";
    }

    @GetMapping("/dead-letters")
    String deadLetterList(@RequestParam(required = false) String department, Model model) {
        model.addAttribute("page", "dead-letters");
        List<DepartmentStore.Department> all = access.filter(departments.all(), DepartmentStore.Department::code);
        model.addAttribute("departments", all);
        String code = department == null || department.isBlank() ? null : department.strip();
        if (code != null) {
            access.require(code);
        }
        Optional<DepartmentStore.Department> chosen = code == null ? Optional.empty() : departments.find(code);
        model.addAttribute("department", chosen.map(DepartmentStore.Department::code).orElse(null));
        model.addAttribute("unknown", code != null && chosen.isEmpty() ? code : null);
        model.addAttribute("items", List.of());
        model.addAttribute("limit", DEAD_LETTER_LIMIT);
        if (chosen.isPresent()) {
            String queue = "hub.dlq." + chosen.get().code();
            model.addAttribute("queue", queue);
            try {
                DeadLetterDesk.Page page = deadLetters.browse(queue, DEAD_LETTER_LIMIT, null);
                model.addAttribute("items", page.items());
                model.addAttribute("more", page.next() != null);
            } catch (RuntimeException e) {
                model.addAttribute("brokerProblem", String.valueOf(e.getMessage()));
            }
        }
        return "console/dead-letters";
    }
}
