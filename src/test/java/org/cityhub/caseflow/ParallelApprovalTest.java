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
import static org.cityhub.caseflow.CaseStatus.TERMINATED;
import static org.cityhub.caseflow.CaseStatus.WITHDRAWN;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ParallelApprovalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDepartmentThatHasNotReportedKeepsTheCaseSubmitted() {
        assertThat(ParallelApproval.aggregate(SUBMITTED, List.of(IN_REVIEW, SUBMITTED))).isEqualTo(SUBMITTED);
    }

    @Test
    void theLeastAdvancedOpenStatusStandsForTheCase() {
        assertThat(ParallelApproval.aggregate(SUBMITTED, List.of(IN_REVIEW, ACCEPTED))).isEqualTo(ACCEPTED);
        assertThat(ParallelApproval.aggregate(ACCEPTED, List.of(IN_REVIEW, APPROVED))).isEqualTo(IN_REVIEW);
        assertThat(ParallelApproval.aggregate(IN_REVIEW, List.of(COMPLETED, IN_REVIEW))).isEqualTo(IN_REVIEW);
    }

    @Test
    void aCorrectionRequestedByOneDepartmentStopsTheWholeCase() {
        assertThat(ParallelApproval.aggregate(IN_REVIEW, List.of(CORRECTION_REQUESTED, IN_REVIEW))).isEqualTo(CORRECTION_REQUESTED);
    }

    @Test
    void approvedOnlyWhenEveryDepartmentApprovedAndCompletedWhenEveryDepartmentCompleted() {
        assertThat(ParallelApproval.aggregate(IN_REVIEW, List.of(APPROVED, IN_REVIEW))).isEqualTo(IN_REVIEW);
        assertThat(ParallelApproval.aggregate(IN_REVIEW, List.of(APPROVED, COMPLETED))).isEqualTo(APPROVED);
        assertThat(ParallelApproval.aggregate(APPROVED, List.of(COMPLETED, COMPLETED))).isEqualTo(COMPLETED);
    }

    @Test
    void anyRefusalClosesTheCaseThatWay() {
        assertThat(ParallelApproval.aggregate(IN_REVIEW, List.of(DENIED, APPROVED))).isEqualTo(DENIED);
        assertThat(ParallelApproval.aggregate(SUBMITTED, List.of(SUBMITTED, NOT_ACCEPTED))).isEqualTo(NOT_ACCEPTED);
        assertThat(ParallelApproval.aggregate(IN_REVIEW, List.of(TERMINATED, IN_REVIEW))).isEqualTo(TERMINATED);
        assertThat(ParallelApproval.aggregate(IN_REVIEW, List.of(WITHDRAWN, IN_REVIEW))).isEqualTo(WITHDRAWN);
        assertThat(ParallelApproval.aggregate(SUBMITTED, List.of(DENIED, NOT_ACCEPTED))).as("in order of precedence")
                .isEqualTo(NOT_ACCEPTED);
    }

    @Test
    void aClosedCaseNeverReopens() {
        assertThat(ParallelApproval.aggregate(DENIED, List.of(COMPLETED, COMPLETED))).isEqualTo(DENIED);
        assertThat(ParallelApproval.aggregate(COMPLETED, List.of(IN_REVIEW))).isEqualTo(COMPLETED);
    }

    @Test
    void composedCaseHasEveryDepartmentsStepsAndTheClosingDepartmentsCompletion() throws Exception {
        ObjectNode intake = (ObjectNode) JSON.readTree("""
                {"departmentCaseNo":"PT1","status":"SUBMITTED","application":{"itemName":"x","applicant":{"name":"A"},
                 "submittedAt":"2026-11-21T09:00:00+08:00"}}""");
        ObjectNode drug = (ObjectNode) JSON.readTree("""
                {"departmentCaseNo":"YJ1","status":"COMPLETED","updatedAt":"2026-11-22T10:00:00+08:00",
                 "acceptance":{"acceptedAt":"2026-11-21T10:00:00+08:00"},
                 "steps":[{"name":"发证","state":"2"}],"completion":{"completedAt":"2026-11-22T10:00:00+08:00","certificateNo":"D1"}}""");
        ObjectNode land = (ObjectNode) JSON.readTree("""
                {"departmentCaseNo":"GT1","status":"IN_REVIEW","updatedAt":"2026-11-22T11:00:00+08:00",
                 "steps":[{"name":"审查","state":"1"}]}""");

        ObjectNode open = ParallelApproval.compose(intake, List.of("drug", "land"),
                Map.of("drug", new ParallelApproval.Progress("drug", COMPLETED, drug),
                        "land", new ParallelApproval.Progress("land", IN_REVIEW, land)), SUBMITTED);

        assertThat(open.get("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(open.get("steps")).extracting(s -> s.get("name").asText()).containsExactly("发证", "审查");
        assertThat(open.has("completion")).as("not closed yet").isFalse();
        assertThat(open.at("/acceptance/acceptedAt").asText()).isEqualTo("2026-11-21T10:00:00+08:00");
        assertThat(open.get("updatedAt").asText()).isEqualTo("2026-11-22T11:00:00+08:00");
        assertThat(open.get("departmentCaseNo").asText()).isEqualTo("PT1");

        land.put("status", "COMPLETED").set("completion", JSON.readTree("{\"completedAt\":\"2026-11-23T10:00:00+08:00\",\"certificateNo\":\"L1\"}"));
        ObjectNode done = ParallelApproval.compose(intake, List.of("drug", "land"),
                Map.of("drug", new ParallelApproval.Progress("drug", COMPLETED, drug),
                        "land", new ParallelApproval.Progress("land", COMPLETED, land)), IN_REVIEW);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.at("/completion/certificateNo").asText()).as("the latest completion").isEqualTo("L1");
    }
}
