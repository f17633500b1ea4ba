package org.cityhub.caseflow;

/** A case version that would move a case along a transition its lifecycle does not have. */
public class IllegalTransitionException extends RuntimeException {

    private final CaseStatus from;
    private final CaseStatus to;

    public IllegalTransitionException(String departmentCaseNo, CaseStatus from, CaseStatus to) {
        super("case " + departmentCaseNo + " cannot move from " + from + " (" + from.label() + ") to "
                + to + " (" + to.label() + ")");
        this.from = from;
        this.to = to;
    }

    public CaseStatus from() {
        return from;
    }

    public CaseStatus to() {
        return to;
    }
}
