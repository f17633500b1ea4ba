package org.cityhub.caseflow;

/**
 * A department's record names a supervision code that is neither a case the hub dispatched to that
 * department nor the department's own case: the record cannot be linked, and is not stored as a case of
 * its own under someone else's code.
 */
public class ForeignSupervisionCodeException extends RuntimeException {

    public ForeignSupervisionCodeException(String department, String departmentCaseNo, String supervisionCode) {
        super("supervisionCode: expected the code of a case dispatched to " + department + ", got '" + supervisionCode
                + "' on its case " + departmentCaseNo + " (no such case was sent to " + department + ")");
    }
}
