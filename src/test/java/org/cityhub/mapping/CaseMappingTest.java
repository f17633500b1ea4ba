package org.cityhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The mapping engine end to end through {@link MappingCatalog}: small mappings and code tables written
 * here, records in, normalised and validated cases (or precise errors) out.
 */
class CaseMappingTest {

    private static final String VALID_RESIDENT_ID = "11010519491231002X";
    private static final String VALID_CREDIT_CODE = "91350100M000100Y43";

    @TempDir
    Path tmp;

    private Path mappings;
    private final ObjectMapper json = new ObjectMapper();
    private MappingCatalog catalog;

    @BeforeEach
    void setUp() throws IOException {
        mappings = Files.createDirectories(tmp.resolve("mappings"));
        // the identity mapping passes a record through, so that a test can hand the engine a case as-is
        write("t/identity.jsonata", "$");
        write("t/case.jsonata", """
                /* a miniature department mapping using the hub's functions */
                {
                  "departmentCaseNo": $ascii(YWLSH),
                  "status": $code("status", BLZT),
                  "updatedAt": $date(TBSJ),
                  "application": {
                    "itemName": SXMC,
                    "applicant": { "name": SQRMC, "idType": $code("id-type", ZJLX), "idNumber": ZJHM },
                    "submittedAt": SQSJ
                  },
                  "steps": [{ "name": "受理", "action": $code("step-action", BLZT), "handler": $ascii(BLR), "opinion": $date(YJSJ), "state": "1" }]
                }
                """);
        write("t/codes/status.yaml", """
                title: 办理状态 BLZT → case status
                values:
                  "0": SUBMITTED
                  "1": ACCEPTED
                  "7": COMPLETED
                """);
        write("t/codes/step-action.yaml", """
                values:
                  "7": PASS
                default: OTHER
                """);
        write("t/codes/id-type.yaml", """
                values:
                  SFZ: "111"
                  TYDM: "001"
                """);
        catalog = new MappingCatalog(mappings, CaseSchema.load(json), json);
    }

    private void write(String relative, String content) throws IOException {
        Path file = mappings.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Parses JSON written with single quotes, to keep the cases below readable. */
    private ObjectNode node(String singleQuoted) {
        try {
            return (ObjectNode) json.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal valid case. */
    private ObjectNode minimalCase() {
        return node("""
                {'departmentCaseNo': 'GT1', 'status': 'ACCEPTED',
                 'application': {'itemName': '建设用地规划许可证核发', 'applicant': {'name': '张秀英'},
                                 'submittedAt': '2026-11-03T09:00:00+08:00'}}
                """);
    }

    private ObjectNode application(ObjectNode c) {
        return (ObjectNode) c.get("application");
    }

    private ObjectNode identity(JsonNode record) {
        return catalog.get("t/identity").map(record);
    }

    private ObjectNode legacyRecord() {
        return node("""
                {'YWLSH': 'GT2026110300018', 'BLZT': '1', 'TBSJ': '2026-11-03T09:35:00', 'SXMC': '乡村建设规划许可证核发',
                 'SQRMC': '张秀英', 'ZJLX': 'SFZ', 'ZJHM': '11010519491231002x', 'SQSJ': '2026年11月3日',
                 'YJSJ': '2026年11月3日9时30分', 'BLR': '陈晓燕'}
                """);
    }

    // --- the normalisation convention of CaseSchema ------------------------------------------------

    @Test
    void passesAValidCaseThroughUnchanged() {
        ObjectNode c = minimalCase();

        assertThat(identity(c.deepCopy())).isEqualTo(c);
    }

    @ParameterizedTest
    @CsvSource({
            "2026年11月3日,             2026-11-03T00:00:00+08:00",
            "2026年11月3日9时30分,       2026-11-03T09:30:00+08:00",
            "20261103,                  2026-11-03T00:00:00+08:00",
            "20261103093000,            2026-11-03T09:30:00+08:00",
            "2026/11/24 17:30,          2026-11-24T17:30:00+08:00",
            "2026/11/3 9:30,            2026-11-03T09:30:00+08:00",
            "2026.11.3,                 2026-11-03T00:00:00+08:00",
            "2026-11-03 09:12:40,       2026-11-03T09:12:40+08:00",
            "2026-11-03T09:35:00,       2026-11-03T09:35:00+08:00",
            "2026-11-19T16:30:00.123,   2026-11-19T16:30:00.123+08:00",
            "2026-11-03T01:35:00Z,      2026-11-03T09:35:00+08:00",
            "2026-11-03T09:35:00+08:00, 2026-11-03T09:35:00+08:00",
            "２０２６－１１－０３ ０９:３０, 2026-11-03T09:30:00+08:00",
    })
    void writesLegacyDateFormsAsIsoAtChinaOffset(String legacy, String iso) {
        ObjectNode c = minimalCase();
        application(c).put("submittedAt", legacy);

        assertThat(identity(c).at("/application/submittedAt").asText()).isEqualTo(iso);
    }

    @Test
    void normalisesEveryDateTimeFieldAtAnyDepth() {
        ObjectNode c = minimalCase();
        c.put("updatedAt", "2026-11-04 08:00");
        c.set("acceptance", node("{'acceptedAt': '20261103093000', 'promisedCompletionAt': '2026/11/24 17:30'}"));
        c.set("steps", node("{'a': [{'name': '受理', 'state': '2', 'startedAt': '2026/11/3 9:30', 'endedAt': '2026年11月4日'}]}").get("a"));
        c.set("specialProcedures", node("{'a': [{'kind': '1', 'startedAt': '2026.11.5', 'endedAt': '2026-11-06 10:00:00'}]}").get("a"));
        c.set("completion", node("{'completedAt': '2026-11-19 16:20:00', 'validUntil': '2031年11月19日'}"));

        ObjectNode out = identity(c);

        assertThat(out.get("updatedAt").asText()).isEqualTo("2026-11-04T08:00:00+08:00");
        assertThat(out.at("/acceptance/acceptedAt").asText()).isEqualTo("2026-11-03T09:30:00+08:00");
        assertThat(out.at("/acceptance/promisedCompletionAt").asText()).isEqualTo("2026-11-24T17:30:00+08:00");
        assertThat(out.at("/steps/0/startedAt").asText()).isEqualTo("2026-11-03T09:30:00+08:00");
        assertThat(out.at("/steps/0/endedAt").asText()).isEqualTo("2026-11-04T00:00:00+08:00");
        assertThat(out.at("/specialProcedures/0/startedAt").asText()).isEqualTo("2026-11-05T00:00:00+08:00");
        assertThat(out.at("/specialProcedures/0/endedAt").asText()).isEqualTo("2026-11-06T10:00:00+08:00");
        assertThat(out.at("/completion/completedAt").asText()).isEqualTo("2026-11-19T16:20:00+08:00");
        assertThat(out.at("/completion/validUntil").asText()).isEqualTo("2031-11-19T00:00:00+08:00");
    }

    @Test
    void refusesADispatchFromAMappingTheHubFillsItFromItsOwnRecords() {
        ObjectNode c = minimalCase();
        c.putArray("dispatch").add(node("{'department': 'drug', 'state': 'SENT', 'attempts': 1, 'updatedAt': '2026-11-03T09:00:00+08:00'}"));

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.fieldPath()).isEqualTo("dispatch"))
                .hasMessageContaining("the hub fills dispatch");
    }

    @Test
    void refusesASupervisionLightFromAMappingTheHubComputesIt() {
        ObjectNode c = minimalCase();
        c.putObject("supervision").put("light", "GREEN").put("clockStopped", false);

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.fieldPath()).isEqualTo("supervision"))
                .hasMessageContaining("the hub computes supervision");
    }

    @Test
    void readsADateTimeGivenAsACompactNumber() {
        ObjectNode c = minimalCase();
        c.set("acceptance", node("{'acceptedAt': 20261103093000}"));

        assertThat(identity(c).at("/acceptance/acceptedAt").asText()).isEqualTo("2026-11-03T09:30:00+08:00");
    }

    @Test
    void rejectsAnImpossibleDateNamingTheFieldAndTheValue() {
        ObjectNode c = minimalCase();
        application(c).put("submittedAt", "2026-02-30 09:00");

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("application.submittedAt"))
                .hasMessageContaining("2026-02-30");
    }

    @Test
    void rejectsAnUnreadableDateNamingTheFieldAndTheReadableForms() {
        ObjectNode c = minimalCase();
        c.set("completion", node("{'completedAt': 'soon'}"));

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("completion.completedAt"))
                .hasMessageContaining("'soon'");
    }

    @Test
    void writesIntegralNumbersAsStringsWhereTheSchemaWantsACode() {
        ObjectNode c = node("""
                {'departmentCaseNo': 2026110300018, 'status': 'ACCEPTED',
                 'application': {'itemName': '事项', 'caseType': 2, 'channel': 1, 'regionCode': 500102,
                                 'applicant': {'name': '张秀英', 'type': 1},
                                 'submittedAt': '2026-11-03T09:00:00+08:00'},
                 'steps': [{'name': '受理', 'state': 2}],
                 'specialProcedures': [{'kind': 1, 'startedAt': '2026-11-05'}]}
                """);

        ObjectNode out = identity(c);

        assertThat(out.get("departmentCaseNo").isTextual()).isTrue();
        assertThat(out.get("departmentCaseNo").asText()).isEqualTo("2026110300018");
        assertThat(out.at("/application/caseType").asText()).isEqualTo("2");
        assertThat(out.at("/application/caseType").isTextual()).isTrue();
        assertThat(out.at("/application/channel").asText()).isEqualTo("1");
        assertThat(out.at("/application/regionCode").asText()).isEqualTo("500102");
        assertThat(out.at("/application/applicant/type").asText()).isEqualTo("1");
        assertThat(out.at("/steps/0/state").isTextual()).isTrue();
        assertThat(out.at("/steps/0/state").asText()).isEqualTo("2");
        assertThat(out.at("/specialProcedures/0/kind").asText()).isEqualTo("1");
    }

    @Test
    void writesWholeNumberDecimalsAsPlainCodesLikeTheCodeTablesDo() {
        // a legacy NUMBER column arrives as 2.0 in JSON; CodeTable reads 2.0 as "2", so should the normaliser
        ObjectNode c = minimalCase();
        application(c).put("caseType", 2.0);

        assertThat(identity(c).at("/application/caseType").asText()).isEqualTo("2");
    }

    @Test
    void writesBooleansAsStringsWhereTheSchemaWantsAString() {
        ObjectNode c = minimalCase();
        c.set("steps", node("{'a': [{'name': '受理', 'state': '1', 'opinion': true}]}").get("a"));

        assertThat(identity(c).at("/steps/0/opinion").asText()).isEqualTo("true");
    }

    @Test
    void turnsDigitStringsIntoIntegersWhereTheSchemaWantsAnInteger() {
        ObjectNode c = minimalCase();
        c.put("version", "3");
        c.set("acceptance", node("{'acceptedAt': '2026-11-03 09:30', 'promisedLimit': {'value': '15', 'unit': 'WORKING_DAY'}}"));
        application(c).set("materials", node("{'a': [{'name': '申请表', 'copies': '２'}]}").get("a"));

        ObjectNode out = identity(c);

        assertThat(out.get("version").isInt()).isTrue();
        assertThat(out.get("version").asInt()).isEqualTo(3);
        assertThat(out.at("/acceptance/promisedLimit/value").isInt()).isTrue();
        assertThat(out.at("/acceptance/promisedLimit/value").asInt()).isEqualTo(15);
        assertThat(out.at("/application/materials/0/copies").isInt()).isTrue();
        assertThat(out.at("/application/materials/0/copies").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"15天", "1.5", "-3", "12345678901"})
    void leavesOtherStringsWhereAnIntegerIsWantedForTheValidatorToName(String value) {
        ObjectNode c = minimalCase();
        c.set("acceptance", node("{'acceptedAt': '2026-11-03 09:30', 'promisedLimit': {'unit': 'WORKING_DAY'}}"));
        ((ObjectNode) c.at("/acceptance/promisedLimit")).put("value", value);

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("acceptance.promisedLimit.value"))
                .hasMessageContaining("integer");
    }

    @Test
    void turnsFullWidthCharactersInIdentifiersAndPhonesIntoAscii() {
        ObjectNode c = minimalCase();
        application(c).set("applicant", node(
                "{'name': '张秀英', 'idType': '111', 'idNumber': '１１０１０５１９４９１２３１００２ｘ', 'phone': '１３８２３４５６７８９'}"));
        application(c).set("contact", node("{'name': '张秀英', 'phone': '　０２３－１２３４５６７８　'}"));
        application(c).set("agent", node("{'name': '代理公司', 'idType': '001', 'idNumber': '９１３５０１００ｍ０００１００ｙ４３'}"));

        ObjectNode out = identity(c);

        assertThat(out.at("/application/applicant/idNumber").asText()).isEqualTo(VALID_RESIDENT_ID);
        assertThat(out.at("/application/applicant/phone").asText()).isEqualTo("13823456789");
        assertThat(out.at("/application/contact/phone").asText()).isEqualTo("023-12345678");
        assertThat(out.at("/application/agent/idNumber").asText()).isEqualTo(VALID_CREDIT_CODE);
    }

    @Test
    void turnsFullWidthCharactersIntoAsciiInIdNumbersOfOtherTypesWithoutCheckingThem() {
        ObjectNode c = minimalCase();
        application(c).set("applicant", node("{'name': 'John Smith', 'idType': '414', 'idNumber': 'Ｅ１２３４５６７８'}"));

        assertThat(identity(c).at("/application/applicant/idNumber").asText()).isEqualTo("E12345678");
    }

    @Test
    void dropsNullFieldsAndObjectsLeftEmpty() {
        ObjectNode c = minimalCase();
        c.putNull("updatedAt");
        c.putNull("completion");
        application(c).putNull("caseType");
        ((ObjectNode) application(c).get("applicant")).putNull("phone");
        application(c).set("contact", node("{'name': null, 'phone': null}"));
        c.set("acceptance", node("{'acceptedAt': null, 'promisedLimit': {'value': null, 'unit': null}}"));

        ObjectNode out = identity(c);

        assertThat(out).isEqualTo(minimalCase());
    }

    @Test
    void dropsNullFieldsInsideArrayItems() {
        ObjectNode c = minimalCase();
        c.set("steps", node("{'a': [{'name': '受理', 'state': '1', 'handler': null, 'endedAt': null}]}").get("a"));

        assertThat(identity(c).at("/steps/0")).isEqualTo(node("{'name': '受理', 'state': '1'}"));
    }

    // --- the hub's functions -----------------------------------------------------------------------

    @Test
    void mapsALegacyRecordWithTheHubFunctions() {
        ObjectNode out = catalog.get("t/case").map(legacyRecord());

        assertThat(out).isEqualTo(node("""
                {'departmentCaseNo': 'GT2026110300018', 'status': 'ACCEPTED', 'updatedAt': '2026-11-03T09:35:00+08:00',
                 'application': {'itemName': '乡村建设规划许可证核发',
                                 'applicant': {'name': '张秀英', 'idType': '111', 'idNumber': '11010519491231002X'},
                                 'submittedAt': '2026-11-03T00:00:00+08:00'},
                 'steps': [{'name': '受理', 'action': 'OTHER', 'handler': '陈晓燕', 'opinion': '2026-11-03T09:30:00+08:00',
                            'state': '1'}]}
                """));
    }

    @Test
    void codeLooksUpLegacyCodesGivenAsNumbers() {
        ObjectNode record = legacyRecord();
        record.put("BLZT", 7);

        ObjectNode out = catalog.get("t/case").map(record);

        assertThat(out.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(out.at("/steps/0/action").asText()).isEqualTo("PASS");
    }

    @Test
    void codeLooksUpLegacyCodesGivenAsWholeNumberDecimals() {
        ObjectNode record = legacyRecord();
        record.put("BLZT", 7.0);

        assertThat(catalog.get("t/case").map(record).get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void codeFallsBackToTheTableDefault() {
        assertThat(catalog.get("t/case").map(legacyRecord()).at("/steps/0/action").asText()).isEqualTo("OTHER");
    }

    @Test
    void codeRejectsAnUnknownCodeNamingTheTableAndTheCode() {
        ObjectNode record = legacyRecord();
        record.put("BLZT", "12");

        assertThatThrownBy(() -> catalog.get("t/case").map(record))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("code table 'status'"))
                .hasMessageContaining("'12'");
    }

    @Test
    void codeRejectsATableThatDoesNotExistNamingTheFileItLookedFor() throws IOException {
        write("t/nocodes.jsonata", "{ \"status\": $code(\"nope\", BLZT) }");

        assertThatThrownBy(() -> catalog.get("t/nocodes").map(legacyRecord()))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("$code('nope')"))
                .hasMessageContaining("t/codes/nope.yaml");
    }

    @Test
    void asciiTurnsFullWidthCharactersIntoAsciiAndTrims() {
        ObjectNode record = legacyRecord();
        record.put("YWLSH", "　ＧＴ２０２６１１０３０００１８ ");

        assertThat(catalog.get("t/case").map(record).get("departmentCaseNo").asText()).isEqualTo("GT2026110300018");
    }

    @Test
    void dateWritesAnyLegacyFormAsIsoEvenOutsideDateTimeFields() {
        // steps[0].opinion is a plain string in the schema: only $date can have made it ISO
        assertThat(catalog.get("t/case").map(legacyRecord()).at("/steps/0/opinion").asText())
                .isEqualTo("2026-11-03T09:30:00+08:00");
    }

    @Test
    void dateRejectsAnImpossibleDateNamingTheFunctionAndTheValue() {
        ObjectNode record = legacyRecord();
        record.put("YJSJ", "2026-02-30");

        assertThatThrownBy(() -> catalog.get("t/case").map(record))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.fieldPath()).isEqualTo("$date()"))
                .hasMessageContaining("2026-02-30");
    }

    @Test
    void functionsPassAnAbsentFieldOnAsAbsent() {
        ObjectNode record = legacyRecord();
        record.remove("YJSJ");
        record.remove("TBSJ");
        record.remove("BLR");
        record.remove("ZJLX");

        ObjectNode out = catalog.get("t/case").map(record);

        assertThat(out.has("updatedAt")).isFalse();
        assertThat(out.at("/steps/0").has("opinion")).isFalse();
        assertThat(out.at("/steps/0").has("handler")).isFalse();
        assertThat(out.at("/application/applicant").has("idType")).isFalse();
    }

    // legacy rows are full of NULL columns (BJSJ, SLDWDM... in the land fixtures); JSONata hands them to
    // functions as its own null marker, which must count as "no value" like a missing field

    @Test
    void dateTreatsANullLegacyValueAsAbsent() {
        ObjectNode record = legacyRecord();
        record.putNull("TBSJ");

        assertThat(catalog.get("t/case").map(record).has("updatedAt")).isFalse();
    }

    @Test
    void asciiTreatsANullLegacyValueAsAbsentInsteadOfWritingTheWordNull() {
        ObjectNode record = legacyRecord();
        record.putNull("BLR");

        assertThat(catalog.get("t/case").map(record).at("/steps/0").has("handler")).isFalse();
    }

    @Test
    void codeTreatsANullLegacyValueAsAbsent() {
        ObjectNode record = legacyRecord();
        record.putNull("ZJLX");

        assertThat(catalog.get("t/case").map(record).at("/application/applicant").has("idType")).isFalse();
    }

    // --- broken mappings ---------------------------------------------------------------------------

    @Test
    void rejectsAMappingThatDoesNotParseNamingTheFile() throws IOException {
        write("t/broken.jsonata", "{ \"status\": ");

        assertThatThrownBy(() -> catalog.get("t/broken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t/broken.jsonata")
                .hasMessageContaining("does not parse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a case\"", "[1, 2]", "42", "NO_SUCH_FIELD"})
    void rejectsAMappingThatDoesNotReturnAnObject(String expression) throws IOException {
        write("t/scalar.jsonata", expression);

        assertThatThrownBy(() -> catalog.get("t/scalar").map(legacyRecord()))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.fieldPath()).isEqualTo("(mapping scalar.jsonata)");
                    assertThat(e.expected()).contains("an object");
                });
    }

    @Test
    void rejectsAMappingThatFailsToEvaluateNamingTheMapping() throws IOException {
        write("t/arith.jsonata", "{ \"departmentCaseNo\": YWLSH + 1 }");

        assertThatThrownBy(() -> catalog.get("t/arith").map(legacyRecord()))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("(mapping arith.jsonata)"));
    }

    // --- schema violations -------------------------------------------------------------------------

    @Test
    void namesTheObjectAndTheMissingFieldWhenARequiredFieldIsMissing() {
        ObjectNode c = minimalCase();
        ((ObjectNode) application(c).get("applicant")).remove("name");
        ((ObjectNode) application(c).get("applicant")).put("phone", "13823456789");

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("application.applicant"))
                .hasMessageContaining("name");
    }

    @Test
    void namesTheObjectAndTheMissingFieldWhenAMappingLeavesAFieldOutBecauseItWasNull() {
        ObjectNode record = legacyRecord();
        record.putNull("SQRMC");

        assertThatThrownBy(() -> catalog.get("t/case").map(record))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("application.applicant"))
                .hasMessageContaining("name");
    }

    @Test
    void namesAnUnknownPropertyAndTheObjectItIsIn() {
        ObjectNode c = minimalCase();
        ((ObjectNode) application(c).get("applicant")).put("nickname", "小张");

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("application.applicant"))
                .hasMessageContaining("'nickname'");
    }

    @Test
    void namesAnUnknownTopLevelPropertyAsOfTheCase() {
        ObjectNode c = minimalCase();
        c.put("colour", "red");

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.fieldPath()).isEqualTo("(case)"))
                .hasMessageContaining("'colour'");
    }

    @Test
    void describesAnUnknownTopLevelPropertyWithoutAStrayLocationSeparator() {
        ObjectNode c = minimalCase();
        c.put("colour", "red");

        // other violations read "...got property 'x' is not defined..."; a root one must not read "got : property"
        assertThatThrownBy(() -> identity(c))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("got property 'colour'");
    }

    @Test
    void namesTheArrayItemFieldOfAWrongEnumValue() {
        ObjectNode c = minimalCase();
        c.set("steps", node("{'a': [{'name': '受理', 'state': '3'}]}").get("a"));

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.fieldPath()).isEqualTo("steps[0].state"))
                .hasMessageContaining("enumeration");
    }

    @Test
    void namesTheStatusFieldForAStatusOutsideTheLifecycle() {
        ObjectNode c = minimalCase();
        c.put("status", "OPEN");

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.fieldPath()).isEqualTo("status"));
    }

    @Test
    void reportsTheFirstViolationInFieldOrderWhenThereAreSeveral() {
        ObjectNode c = minimalCase();
        c.set("steps", node("{'a': [{'name': '受理', 'state': '3'}]}").get("a"));
        application(c).put("channel", "7");

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("application.channel"));
    }

    // --- identifiers -------------------------------------------------------------------------------

    @Test
    void rejectsAnAcceptingUnitCodeWithAWrongCheckCharacter() {
        ObjectNode c = minimalCase();
        c.set("acceptance", node("{'acceptedAt': '2026-11-03 09:30', 'unitCode': '91350100M000100Y44'}"));

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("acceptance.unitCode"))
                .hasMessageContaining("GB 32100")
                .hasMessageNotContaining("91350100M000100Y44");
    }

    @Test
    void acceptsAnAcceptingUnitCodeWrittenInFullWidthLowerCase() {
        ObjectNode c = minimalCase();
        c.set("acceptance", node("{'acceptedAt': '2026-11-03 09:30', 'unitCode': '９１３５０１００ｍ０００１００ｙ４３'}"));

        assertThat(identity(c).at("/acceptance/unitCode").asText()).isEqualTo(VALID_CREDIT_CODE);
    }

    @Test
    void rejectsAResidentIdWithAWrongCheckDigitWithoutQuotingIt() {
        ObjectNode c = minimalCase();
        application(c).set("applicant", node("{'name': '张秀英', 'idType': '111', 'idNumber': '110105194912310021'}"));

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("application.applicant.idNumber"))
                .hasMessageContaining("GB 11643")
                .hasMessageNotContaining("110105194912310021");
    }

    @Test
    void rejectsACreditCodeIdNumberOfAnOrganisationAgent() {
        ObjectNode c = minimalCase();
        application(c).set("agent", node("{'name': '代理公司', 'idType': '001', 'idNumber': '91350100M000100Y4'}"));

        assertThatThrownBy(() -> identity(c))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo("application.agent.idNumber"))
                .hasMessageContaining("GB 32100");
    }

    // --- the catalog -------------------------------------------------------------------------------

    @Test
    void compilesAMappingOnceAndKeepsIt() {
        CaseMapping first = catalog.get("t/case");

        assertThat(catalog.get("t/case")).isSameAs(first);
        assertThat(first.department()).isEqualTo("t");
        assertThat(first.name()).isEqualTo("case");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "t/..", "../t/case", "..", "t/../case"})
    void rejectsAReferenceThatClimbsOutOfTheMappingsFolderNamingIt(String reference) throws IOException {
        Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(tmp.resolve("outside.jsonata"), "$");

        assertThatThrownBy(() -> catalog.get(reference))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"case", "/case", "t/case/extra", ""})
    void rejectsAReferenceThatIsNotDepartmentSlashNameNamingIt(String reference) {
        assertThatThrownBy(() -> catalog.get(reference))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + reference + "'")
                .hasMessageContaining("<department>/<name>");
    }

    @Test
    void rejectsAReferenceToAMissingFileNamingThePath() {
        assertThatThrownBy(() -> catalog.get("t/missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mappings.resolve("t").resolve("missing.jsonata").toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void rejectsAReferenceToADepartmentWithoutMappingsNamingThePath() {
        assertThatThrownBy(() -> catalog.get("water/case"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mappings.resolve("water").resolve("case.jsonata").toString());
    }

    @Test
    void rejectsAMappingWhoseCodeTableIsBrokenNamingTheTableFile() throws IOException {
        write("u/case.jsonata", "$");
        write("u/codes/status.yaml", "title: no values here\n");

        assertThatThrownBy(() -> catalog.get("u/case"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mappings.resolve("u/codes/status.yaml").toString());
    }

    @Test
    void retriesABrokenMappingOnceItIsFixed() throws IOException {
        write("t/later.jsonata", "{ \"status\": ");
        assertThatThrownBy(() -> catalog.get("t/later")).isInstanceOf(IllegalArgumentException.class);

        write("t/later.jsonata", "$");

        assertThat(catalog.get("t/later").map(minimalCase())).isEqualTo(minimalCase());
    }
}
