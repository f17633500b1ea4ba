package org.cityhub.caseflow;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parallel approval (并联审批) of one platform case by several departments: the case the platform sees is
 * the intake case plus every department's progress, with one status aggregated from the departments'.
 *
 * <p>The aggregate rule: a closed case never reopens; any department that refused, terminated or saw the
 * case withdrawn closes the whole case that way ({@link #NEGATIVE}, first match in that order); the case
 * is APPROVED or COMPLETED only when every department is (COMPLETED when all are); otherwise it stands
 * at the least advanced open status among the departments ({@link #PROGRESS} order). A department that
 * has not reported yet counts as SUBMITTED.
 */
public final class ParallelApproval {

    /** Closing outcomes of one department that close the whole case, in order of precedence. */
    public static final List<CaseStatus> NEGATIVE = List.of(CaseStatus.NOT_ACCEPTED, CaseStatus.DENIED,
            CaseStatus.TERMINATED, CaseStatus.WITHDRAWN);

    /**
     * How far an open case has come, least advanced first: waiting for the applicant or a special
     * procedure counts as less advanced than review, so the platform sees the clock stopped.
     */
    public static final List<CaseStatus> PROGRESS = List.of(CaseStatus.SUBMITTED, CaseStatus.ACCEPTED,
            CaseStatus.CORRECTION_REQUESTED, CaseStatus.SUSPENDED, CaseStatus.IN_REVIEW, CaseStatus.APPROVED,
            CaseStatus.COMPLETED);

    private ParallelApproval() {
    }

    /**
     * The status of the whole case.
     *
     * @param previous    the case's status so far (null for a new case)
     * @param departments each dispatched department's own status, SUBMITTED for one that has not reported
     */
    public static CaseStatus aggregate(CaseStatus previous, Collection<CaseStatus> departments) {
        if (previous != null && previous.isClosed()) {
            return previous;
        }
        CaseStatus next = rule(departments);
        if (previous != null && !next.isClosed() && !previous.canMoveTo(next)) {
            // an open case never goes back to SUBMITTED once a department accepted it; a department's
            // decision that closes it always counts
            return previous;
        }
        return next;
    }

    private static CaseStatus rule(Collection<CaseStatus> departments) {
        if (departments.isEmpty()) {
            return CaseStatus.SUBMITTED;
        }
        for (CaseStatus negative : NEGATIVE) {
            if (departments.contains(negative)) {
                return negative;
            }
        }
        CaseStatus least = CaseStatus.COMPLETED;
        for (CaseStatus s : departments) {
            if (PROGRESS.indexOf(s) < PROGRESS.indexOf(least)) {
                least = s;
            }
        }
        return least;
    }

    /** One department's latest progress: its own status and its case as its mapping produced it. */
    public record Progress(String department, CaseStatus status, ObjectNode caseJson) {
    }

    /**
     * The case the platform sees: the intake case (without hub fields) with the aggregated status, every
     * department's steps and special procedures (by department, in the order given), the intake's
     * acceptance or else the first department's, the completion of the department that closed the case
     * (the latest) when it is closed, and the latest department change time.
     *
     * @param intake      the case as the platform handed it in
     * @param departments every dispatched department, in a stable order
     * @param progress    the departments that reported, by department code
     * @param previous    the case's status so far
     */
    public static ObjectNode compose(ObjectNode intake, List<String> departments, Map<String, Progress> progress,
                                     CaseStatus previous) {
        ObjectNode out = intake.deepCopy();
        List<CaseStatus> statuses = departments.stream()
                .map(d -> progress.containsKey(d) ? progress.get(d).status() : CaseStatus.SUBMITTED).toList();
        CaseStatus status = aggregate(previous, statuses);
        out.put("status", status.name());
        ArrayNode steps = out.withArray("steps");
        ArrayNode special = out.withArray("specialProcedures");
        OffsetDateTime latest = null;
        String latestText = null;
        JsonNode completion = null;
        OffsetDateTime completedAt = null;
        for (String d : departments) {
            Progress p = progress.get(d);
            if (p == null) {
                continue;
            }
            ObjectNode c = p.caseJson();
            c.path("steps").forEach(s -> steps.add(s.deepCopy()));
            c.path("specialProcedures").forEach(s -> special.add(s.deepCopy()));
            if (!out.has("acceptance") && c.has("acceptance")) {
                out.set("acceptance", c.get("acceptance").deepCopy());
            }
            OffsetDateTime changed = time(c.path("updatedAt"));
            if (changed != null && (latest == null || changed.isAfter(latest))) {
                latest = changed;
                latestText = c.path("updatedAt").asText();
            }
            if (status.isClosed() && p.status() == status && c.has("completion")) {
                OffsetDateTime at = time(c.path("completion").path("completedAt"));
                if (completion == null || (at != null && (completedAt == null || at.isAfter(completedAt)))) {
                    completion = c.get("completion");
                    completedAt = at;
                }
            }
        }
        if (steps.isEmpty()) {
            out.remove("steps");
        }
        if (special.isEmpty()) {
            out.remove("specialProcedures");
        }
        if (completion != null) {
            out.set("completion", completion.deepCopy());
        }
        if (latestText != null) {
            out.put("updatedAt", latestText);
        }
        return out;
    }

    private static OffsetDateTime time(JsonNode v) {
        return v.isTextual() ? OffsetDateTime.parse(v.asText()) : null;
    }
}
