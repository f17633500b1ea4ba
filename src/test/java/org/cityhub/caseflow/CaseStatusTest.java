package org.cityhub.caseflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityhub.caseflow.CaseStatus.ACCEPTED;
import static org.cityhub.caseflow.CaseStatus.APPROVED;
import static org.cityhub.caseflow.CaseStatus.COMPLETED;
import static org.cityhub.caseflow.CaseStatus.CORRECTION_REQUESTED;
import static org.cityhub.caseflow.CaseStatus.DENIED;
import static org.cityhub.caseflow.CaseStatus.IN_REVIEW;
import static org.cityhub.caseflow.CaseStatus.NOT_ACCEPTED;
import static org.cityhub.caseflow.CaseStatus.SUBMITTED;
import static org.cityhub.caseflow.CaseStatus.SUSPENDED;
import static org.cityhub.caseflow.CaseStatus.TERMINATED;
import static org.cityhub.caseflow.CaseStatus.WITHDRAWN;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CaseStatusTest {

    private static final Set<CaseStatus> CLOSED = EnumSet.of(NOT_ACCEPTED, DENIED, COMPLETED, WITHDRAWN, TERMINATED);

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void alwaysAllowsStayingInTheSameStatus(CaseStatus status) {
        assertThat(status.canMoveTo(status)).isTrue();
    }

    @Test
    void closesExactlyTheFinalStatuses() {
        for (CaseStatus s : CaseStatus.values()) {
            assertThat(s.isClosed()).as("%s.isClosed()", s).isEqualTo(CLOSED.contains(s));
        }
    }

    @ParameterizedTest
    @EnumSource(value = CaseStatus.class, names = {"NOT_ACCEPTED", "DENIED", "COMPLETED", "WITHDRAWN", "TERMINATED"})
    void neverReopensAClosedCase(CaseStatus closed) {
        for (CaseStatus next : CaseStatus.values()) {
            if (next != closed) {
                assertThat(closed.canMoveTo(next)).as("%s -> %s", closed, next).isFalse();
            }
        }
    }

    @Test
    void movesAnApprovalOnlyToCompletionWithdrawalOrTermination() {
        Set<CaseStatus> allowed = EnumSet.noneOf(CaseStatus.class);
        for (CaseStatus next : CaseStatus.values()) {
            if (APPROVED.canMoveTo(next)) {
                allowed.add(next);
            }
        }
        assertThat(allowed).containsExactlyInAnyOrder(APPROVED, COMPLETED, WITHDRAWN, TERMINATED);
    }

    @ParameterizedTest
    @EnumSource(value = CaseStatus.class, names = "SUBMITTED", mode = EnumSource.Mode.EXCLUDE)
    void neverReturnsToSubmittedOnceMovedOn(CaseStatus from) {
        assertThat(from.canMoveTo(SUBMITTED)).as("%s -> SUBMITTED", from).isFalse();
    }

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void letsASubmittedCaseJumpToAnyStatusBecausePollsSeeOnlySnapshots(CaseStatus next) {
        assertThat(SUBMITTED.canMoveTo(next)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = CaseStatus.class, names = {"ACCEPTED", "IN_REVIEW", "CORRECTION_REQUESTED", "SUSPENDED"})
    void neverRefusesAcceptanceOfACaseAlreadyAccepted(CaseStatus accepted) {
        assertThat(accepted.canMoveTo(NOT_ACCEPTED)).isFalse();
    }

    @Test
    void movesBetweenReviewCorrectionAndSuspensionBothWays() {
        assertThat(IN_REVIEW.canMoveTo(CORRECTION_REQUESTED)).isTrue();
        assertThat(CORRECTION_REQUESTED.canMoveTo(IN_REVIEW)).isTrue();
        assertThat(CORRECTION_REQUESTED.canMoveTo(SUSPENDED)).isTrue();
        assertThat(SUSPENDED.canMoveTo(CORRECTION_REQUESTED)).isTrue();
        assertThat(SUSPENDED.canMoveTo(IN_REVIEW)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = CaseStatus.class, names = {"ACCEPTED", "IN_REVIEW", "CORRECTION_REQUESTED", "SUSPENDED"})
    void letsAnOpenCaseBeDecidedWithdrawnOrTerminated(CaseStatus open) {
        assertThat(open.canMoveTo(APPROVED)).isTrue();
        assertThat(open.canMoveTo(DENIED)).isTrue();
        assertThat(open.canMoveTo(COMPLETED)).isTrue();
        assertThat(open.canMoveTo(WITHDRAWN)).isTrue();
        assertThat(open.canMoveTo(TERMINATED)).isTrue();
    }

    @Test
    void letsAnAcceptedCaseSkipIntermediateStates() {
        assertThat(ACCEPTED.canMoveTo(APPROVED)).isTrue();
        assertThat(ACCEPTED.canMoveTo(SUSPENDED)).isTrue();
    }

    @Test
    void stopsTheClockOnlyWhileWaitingOnCorrectionOrSuspension() {
        for (CaseStatus s : CaseStatus.values()) {
            assertThat(s.stopsClock()).as("%s.stopsClock()", s)
                    .isEqualTo(s == CORRECTION_REQUESTED || s == SUSPENDED);
        }
    }

    @Test
    void listsEveryStatusThatIsNotClosedAsOpen() {
        assertThat(CaseStatus.open())
                .containsExactlyInAnyOrder(SUBMITTED, ACCEPTED, IN_REVIEW, CORRECTION_REQUESTED, SUSPENDED, APPROVED);
        assertThat(CaseStatus.open()).doesNotContainAnyElementsOf(CLOSED);
    }

    @Test
    void givesEveryStatusItsChineseLabel() {
        assertThat(SUBMITTED.label()).isEqualTo("已申请");
        assertThat(APPROVED.label()).isEqualTo("准予");
        assertThat(COMPLETED.label()).isEqualTo("办结");
        for (CaseStatus s : CaseStatus.values()) {
            assertThat(s.label()).as("label of %s", s).isNotBlank();
        }
    }
}
