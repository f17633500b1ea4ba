package org.cityhub.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class AdminActionTest {

    @Test
    void fusionAndCalloutDepartmentsAreActivatedFromOnboardingOnly() {
        assertThat(AdminAction.possible("fusion", Lifecycle.ONBOARDING)).containsExactly("activate");
        assertThat(AdminAction.possible("callout", Lifecycle.ONBOARDING)).containsExactly("activate");
        assertThat(AdminAction.possible("fusion", Lifecycle.ACTIVE)).isEmpty();
        assertThat(AdminAction.ACTIVATE.refusal("retire", Lifecycle.ONBOARDING)).hasValueSatisfying(r ->
                assertThat(r).contains("callout/fusion").contains("retire"));
    }

    @Test
    void retireGoesThroughMigrationAndVerificationToRetirement() {
        assertThat(AdminAction.possible("retire", Lifecycle.ONBOARDING)).containsExactly("start-migration");
        assertThat(AdminAction.possible("retire", Lifecycle.MIGRATING))
                .containsExactly("start-migration", "resume-migration", "verify");
        assertThat(AdminAction.possible("retire", Lifecycle.VERIFIED)).containsExactly("start-migration", "retire");
        assertThat(AdminAction.possible("retire", Lifecycle.RETIRED)).isEmpty();
        assertThat(AdminAction.RETIRE.refusal("retire", Lifecycle.MIGRATING)).hasValueSatisfying(r ->
                assertThat(r).contains("VERIFIED").contains("MIGRATING"));
        assertThat(AdminAction.RETIRE.to()).isEqualTo(Lifecycle.RETIRED);
    }

    @Test
    void actionsAreNamedAsInTheApi() {
        assertThat(AdminAction.of("start-migration")).contains(AdminAction.START_MIGRATION);
        assertThat(AdminAction.of("START_MIGRATION")).isEmpty();
        assertThat(AdminAction.words()).containsExactly("activate", "start-migration", "resume-migration", "verify", "retire");
    }

    @Test
    void keyFieldsIgnoreTheHubsOwnFieldsAndTakeTheAcceptanceMonth() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String mapped = """
                {"departmentCaseNo": "NJ2016-0001017", "status": "COMPLETED", "updatedAt": "2016-04-12T16:20:00+08:00",
                 "application": {"itemName": "拖拉机和联合收割机登记", "applicant": {"name": "王建国"}, "submittedAt": "2016-03-31T23:30:00+08:00"},
                 "acceptance": {"acceptedAt": "2016-04-01T10:02:11+08:00"}}
                """;
        KeyFields legacy = KeyFields.of(json.readTree(mapped));
        KeyFields stored = KeyFields.of(json.readTree(mapped.replaceFirst("\\{", "{\"supervisionCode\": \"x\", \"version\": 3, \"department\": \"agri\", ")));
        assertThat(stored).isEqualTo(legacy);
        assertThat(legacy.month()).isEqualTo("2016-04");
        assertThat(legacy.status()).isEqualTo("COMPLETED");
        KeyFields otherStatus = KeyFields.of(json.readTree(mapped.replace("COMPLETED", "DENIED")));
        assertThat(otherStatus.hash()).isNotEqualTo(legacy.hash());
        KeyFields notAccepted = KeyFields.of(json.readTree(mapped.replaceAll(",\\s*\"acceptance\": \\{[^}]*}", "")));
        assertThat(notAccepted.month()).isEqualTo("2016-03");
    }
}
