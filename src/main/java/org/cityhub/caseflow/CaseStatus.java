package org.cityhub.caseflow;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one case lifecycle of CASE-STANDARD.md. Departments map their own status codes onto it in
 * their code tables; the store refuses a version that would move a case along a transition the
 * lifecycle does not have (a closed case re-opened by a stale or wrong record).
 */
public enum CaseStatus {
    SUBMITTED("已申请"),
    ACCEPTED("已受理"),
    NOT_ACCEPTED("不予受理"),
    IN_REVIEW("审查中"),
    CORRECTION_REQUESTED("补正"),
    SUSPENDED("中止"),
    APPROVED("准予"),
    DENIED("不予许可"),
    COMPLETED("办结"),
    WITHDRAWN("撤回"),
    TERMINATED("终止");

    private final String label;

    CaseStatus(String label) {
        this.label = label;
    }

    /** The Chinese name used on the platform and in the standard. */
    public String label() {
        return label;
    }

    /** Closed cases take no further steps. */
    public boolean isClosed() {
        return this == NOT_ACCEPTED || this == DENIED || this == COMPLETED || this == WITHDRAWN || this == TERMINATED;
    }

    /** The supervision clock stops while the case waits on the applicant or a special procedure. */
    public boolean stopsClock() {
        return this == CORRECTION_REQUESTED || this == SUSPENDED;
    }

    /**
     * Whether a case may move from this status to {@code next}. Legacy systems report only what they
     * see at poll time, so an open case may skip intermediate states; what is never allowed is
     * leaving a closed state, going back to SUBMITTED once accepted, or re-opening an approval.
     */
    public boolean canMoveTo(CaseStatus next) {
        if (next == this) {
            return true;
        }
        if (isClosed()) {
            return false;
        }
        return switch (this) {
            case SUBMITTED -> true;
            case APPROVED -> Set.of(COMPLETED, WITHDRAWN, TERMINATED).contains(next);
            default -> next != SUBMITTED && next != NOT_ACCEPTED;
        };
    }

    /** The statuses a case may be in while still open. */
    public static Set<CaseStatus> open() {
        EnumSet<CaseStatus> open = EnumSet.noneOf(CaseStatus.class);
        for (CaseStatus s : values()) {
            if (!s.isClosed()) {
                open.add(s);
            }
        }
        return open;
    }
}
