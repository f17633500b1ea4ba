package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.env.MockEnvironment;

import com.fasterxml.jackson.databind.JsonNode;

class ConnectorLoaderTest {

    /** A valid connector file for department {@code %1$s}, as the hub's documentation shows it. */
    private static final String VALID = """
            department:
              code: %1$s
              name: 重庆市涪陵区规划和自然资源局
              region: "500102"
            sources:
              - name: cases
                template: jdbc-poll
                mapping: %1$s/case
                parameters:
                  jdbcUrl: "jdbc:h2:mem:%1$s"
                  table: GT_SPJ_BJXX
                  watermarkColumn: TBSJ
                  keyColumn: ROW_GUID
            """;

    @TempDir
    Path dir;

    private final MockEnvironment env = new MockEnvironment()
            .withProperty("LAND_DB_PASSWORD", "s3cret-from-env")
            .withProperty("LAND_DB_USER", "reader")
            .withProperty("cityhub.data-dir", "/var/lib/cityhub");

    @BeforeEach
    void copySchema() throws IOException {
        Files.copy(Path.of("connectors/connector.schema.json"), dir.resolve("connector.schema.json"));
    }

    private Path write(String fileName, String yaml) throws IOException {
        return Files.writeString(dir.resolve(fileName), yaml);
    }

    private static String valid(String code) {
        return VALID.formatted(code);
    }

    private ConnectorLoader loader() {
        return new ConnectorLoader(dir, env);
    }

    /** Loads the folder with {@code land.yaml} as given and a valid {@code water.yaml}; returns land's errors. */
    private List<String> errorsOfLandNextToValidWater(String land) throws IOException {
        write("land.yaml", land);
        write("water.yaml", valid("water"));

        ConnectorLoader.Result result = loader().loadAll();

        assertThat(result.valid()).extracting(f -> f.department().code()).containsExactly("water");
        assertThat(result.invalid()).hasSize(1);
        ConnectorLoader.Invalid invalid = result.invalid().get(0);
        assertThat(invalid.file()).isEqualTo(dir.resolve("land.yaml"));
        assertThat(invalid.departmentCode()).isEqualTo("land");
        assertThat(invalid.summary()).startsWith("land.yaml: ");
        return invalid.errors();
    }

    @Test
    void loadsAValidFileWithSchemaDefaultsAppliedToTheParameters() throws IOException {
        write("land.yaml", valid("land"));

        ConnectorLoader.Result result = loader().loadAll();

        assertThat(result.invalid()).isEmpty();
        assertThat(result.valid()).hasSize(1);
        ConnectorFile file = result.valid().get(0);
        assertThat(file.file()).isEqualTo(dir.resolve("land.yaml"));
        assertThat(file.department()).isEqualTo(new ConnectorFile.Department("land", "重庆市涪陵区规划和自然资源局", "500102"));
        assertThat(file.mode()).isEqualTo("fusion");
        assertThat(file.demo()).isFalse();
        assertThat(file.sources()).hasSize(1);
        ConnectorFile.Source source = file.source("cases");
        assertThat(source.template()).isEqualTo("jdbc-poll");
        assertThat(source.mapping()).isEqualTo("land/case");
        JsonNode p = source.parameters();
        assertThat(p.path("jdbcUrl").asText()).isEqualTo("jdbc:h2:mem:land");
        assertThat(p.path("table").asText()).isEqualTo("GT_SPJ_BJXX");
        assertThat(p.path("pageSize").isIntegralNumber()).isTrue();
        assertThat(p.path("pageSize").asInt()).isEqualTo(500);
        assertThat(p.path("period").isIntegralNumber()).isTrue();
        assertThat(p.path("period").asLong()).isEqualTo(5000);
        assertThat(p.path("overlap").asText()).isEqualTo("PT5M");
        assertThat(p.path("watermarkType").asText()).isEqualTo("timestamp");
        assertThat(p.path("username").asText()).isEmpty();
        assertThat(p.path("password").asText()).isEmpty();
    }

    @Test
    void keepsParametersThatAreGivenInsteadOfTheDefaults() throws IOException {
        write("land.yaml", valid("land").replace("keyColumn: ROW_GUID", """
                keyColumn: ROW_GUID
                      watermarkType: number
                      overlap: "100"
                      pageSize: 50
                      period: 60000""") + "mode: retire\ndemo: true\n");

        ConnectorFile file = loader().loadAll().valid().get(0);

        JsonNode p = file.source("cases").parameters();
        assertThat(p.path("watermarkType").asText()).isEqualTo("number");
        assertThat(p.path("overlap").asText()).isEqualTo("100");
        assertThat(p.path("pageSize").asInt()).isEqualTo(50);
        assertThat(p.path("period").asLong()).isEqualTo(60000);
        assertThat(file.mode()).isEqualTo("retire");
        assertThat(file.demo()).isTrue();
    }

    @Test
    void givesParametersTheJdbcPollTemplateAccepts() throws IOException {
        write("land.yaml", valid("land"));

        JdbcPollParameters params = JdbcPollParameters.from(loader().loadAll().valid().get(0).source("cases").parameters());

        assertThat(params.pageSize()).isEqualTo(500);
        assertThat(params.period()).isEqualTo(5000);
        assertThat(params.numberWatermark()).isFalse();
        assertThat(params.overlapDuration()).hasMinutes(5);
    }

    @Test
    void loadsTheFilesOfAFolderInNameOrderAndIgnoresOtherFiles() throws IOException {
        write("water.yaml", valid("water"));
        write("land.yml", valid("land"));
        write("notes.txt", "not a connector");

        ConnectorLoader.Result result = loader().loadAll();

        assertThat(result.invalid()).isEmpty();
        assertThat(result.valid()).extracting(f -> f.department().code()).containsExactly("land", "water");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing region             | '  region: "500102"\\n'         | ''                                     | department    | region
            region of four digits      | 'region: "500102"'             | 'region: "5001"'                       | department.region | ^[0-9]{6}$
            region given as a number   | 'region: "500102"'             | 'region: 500102'                       | department.region | string
            unknown template           | 'template: jdbc-poll'          | 'template: ftp-poll'                   | sources[0].template | jdbc-poll
            parameters without table   | '      table: GT_SPJ_BJXX\\n'   | ''                                     | sources[0].parameters | table
            table that is SQL          | 'table: GT_SPJ_BJXX'           | 'table: "GT; drop table x"'            | sources[0].parameters.table | pattern
            unknown parameter          | 'keyColumn: ROW_GUID'          | 'keyColumn: ROW_GUID\\n      tabel: X'  | sources[0].parameters | tabel
            unknown source property    | '    mapping: land/case'       | '    mapping: land/case\\n    schedule: daily' | sources[0] | schedule
            page size out of range     | 'keyColumn: ROW_GUID'          | 'keyColumn: ROW_GUID\\n      pageSize: 0' | sources[0].parameters.pageSize | minimum
            mode not offered           | 'sources:'                     | 'mode: merge\\nsources:'                | mode          | fusion
            mapping not dept/name      | 'mapping: land/case'           | 'mapping: case'                        | sources[0].mapping | pattern
            """)
    void reportsABrokenFileWithTheFieldPathAndWhatWasExpectedWhileOthersLoad(
            String what, String original, String broken, String fieldPath, String expected) throws IOException {
        String land = valid("land");
        String originalText = original.replace("\\n", "\n");
        assertThat(land).as("test setup: %s", what).contains(originalText);

        List<String> errors = errorsOfLandNextToValidWater(land.replace(originalText, broken.replace("\\n", "\n")));

        assertThat(errors).as(what).anySatisfy(e -> {
            assertThat(e).startsWith(fieldPath + ": ");
            assertThat(e).contains(expected);
        });
    }

    @Test
    void reportsAnUnknownTopLevelPropertyNamingIt() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(valid("land") + "colour: red\n");

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("(file): ").contains("'colour'"));
    }

    @Test
    void describesAnUnknownTopLevelPropertyWithoutAStrayLocationSeparator() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(valid("land") + "colour: red\n");

        // every other error reads "<path>: <problem>"; the file-level one must not read "(file): : property..."
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("(file): property 'colour'"));
    }

    @Test
    void reportsEveryFailingFieldOfAFileNotJustTheFirst() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(valid("land")
                .replace("region: \"500102\"", "region: \"5001\"")
                .replace("table: GT_SPJ_BJXX", "table: \"GT; drop table x\""));

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("department.region: "));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sources[0].parameters.table: "));
    }

    @Test
    void rejectsAFileWhoseDepartmentCodeDiffersFromTheFileName() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(valid("forest"));

        assertThat(errors).containsExactly("department.code: expected 'land' (the file name), got 'forest'");
    }

    @Test
    void rejectsAFileWithoutSources() throws IOException {
        String land = valid("land");
        List<String> errors = errorsOfLandNextToValidWater(land.substring(0, land.indexOf("sources:")));

        assertThat(errors).anySatisfy(e -> assertThat(e).contains("sources"));
    }

    @Test
    void rejectsAnEmptySourceList() throws IOException {
        String land = valid("land");
        List<String> errors = errorsOfLandNextToValidWater(land.substring(0, land.indexOf("sources:")) + "sources: []\n");

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sources: "));
    }

    @Test
    void namesTheProblemOfUnreadableYaml() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater("department:\n  code: [land\n  name: x\n");

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("not readable YAML: ");
        assertThat(errors.get(0).substring("not readable YAML: ".length())).isNotBlank();
        assertThat(errors.get(0)).doesNotContain("\n");
    }

    @Test
    void rejectsYamlThatIsNotAMapping() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater("- land\n- water\n");

        assertThat(errors).containsExactly("expected a YAML mapping at the top");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater("");

        assertThat(errors).containsExactly("expected a YAML mapping at the top");
    }

    @Test
    void refusesALiteralPasswordWithoutRepeatingIt() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(valid("land")
                .replace("keyColumn: ROW_GUID", "keyColumn: ROW_GUID\n      password: hunter2"));

        assertThat(errors).anySatisfy(e -> assertThat(e)
                .startsWith("sources[0].parameters.password: ")
                .contains("secret must come from the environment"));
        assertThat(String.join("\n", errors)).doesNotContain("hunter2");
    }

    @Test
    void refusesAPasswordThatOnlyPartlyComesFromTheEnvironment() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(valid("land")
                .replace("keyColumn: ROW_GUID", "keyColumn: ROW_GUID\n      password: \"hunter${LAND_DB_PASSWORD}\""));

        assertThat(errors).anySatisfy(e -> assertThat(e)
                .startsWith("sources[0].parameters.password: ")
                .contains("secret must come from the environment"));
    }

    @Test
    void resolvesAPasswordPlaceholderFromTheEnvironment() throws IOException {
        write("land.yaml", valid("land").replace("keyColumn: ROW_GUID", """
                keyColumn: ROW_GUID
                      username: ${LAND_DB_USER}
                      password: ${LAND_DB_PASSWORD}"""));

        ConnectorLoader.Result result = loader().loadAll();

        assertThat(result.invalid()).isEmpty();
        JsonNode p = result.valid().get(0).source("cases").parameters();
        assertThat(p.path("password").asText()).isEqualTo("s3cret-from-env");
        assertThat(p.path("username").asText()).isEqualTo("reader");
    }

    @Test
    void resolvesPlaceholdersInsideOrdinaryStrings() throws IOException {
        write("land.yaml", valid("land").replace("\"jdbc:h2:mem:land\"",
                "\"jdbc:h2:file:${cityhub.data-dir}/demo/land-legacy;MODE=MySQL\""));

        JsonNode p = loader().loadAll().valid().get(0).source("cases").parameters();

        assertThat(p.path("jdbcUrl").asText()).isEqualTo("jdbc:h2:file:/var/lib/cityhub/demo/land-legacy;MODE=MySQL");
    }

    @Test
    void usesThePlaceholderDefaultWhenTheEnvironmentHasNoValue() throws IOException {
        write("land.yaml", valid("land").replace("keyColumn: ROW_GUID", "keyColumn: ROW_GUID\n      username: ${WATER_DB_USER:sa}"));

        JsonNode p = loader().loadAll().valid().get(0).source("cases").parameters();

        assertThat(p.path("username").asText()).isEqualTo("sa");
    }

    @Test
    void namesAPlaceholderThatCannotBeResolved() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(valid("land").replace("\"jdbc:h2:mem:land\"",
                "\"jdbc:mariadb://${LAND_DB_HOST}:3306/qzk\""));

        assertThat(errors).anySatisfy(e -> assertThat(e)
                .startsWith("sources[0].parameters.jdbcUrl: ")
                .contains("${LAND_DB_HOST}"));
    }

    @Test
    void namesAnUnresolvablePasswordPlaceholderWithoutTreatingItAsLiteral() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(valid("land")
                .replace("keyColumn: ROW_GUID", "keyColumn: ROW_GUID\n      password: ${WATER_DB_PASSWORD}"));

        assertThat(errors).anySatisfy(e -> assertThat(e)
                .startsWith("sources[0].parameters.password: ")
                .contains("cannot resolve ${WATER_DB_PASSWORD}"));
        assertThat(errors).noneSatisfy(e -> assertThat(e).contains("secret must come from the environment"));
    }

    @Test
    void rejectsTwoSourcesWithTheSameName() throws IOException {
        String land = valid("land");
        String source = land.substring(land.indexOf("  - name: cases"));
        List<String> errors = errorsOfLandNextToValidWater(land + source);

        assertThat(errors).containsExactly("sources[1].name: 'cases' is used twice in this file");
    }

    @Test
    void loadsTwoSourcesWithDifferentNames() throws IOException {
        String land = valid("land");
        String second = land.substring(land.indexOf("  - name: cases")).replace("name: cases", "name: permits")
                .replace("GT_SPJ_BJXX", "GT_XKZ");
        write("land.yaml", land + second);

        ConnectorFile file = loader().loadAll().valid().get(0);

        assertThat(file.sources()).extracting(ConnectorFile.Source::name).containsExactly("cases", "permits");
        assertThat(file.source("permits").parameters().path("table").asText()).isEqualTo("GT_XKZ");
        assertThatThrownBy(() -> file.source("fees")).hasMessageContaining("fees");
    }

    @Test
    void refusesToStartWithoutTheSchema() throws IOException {
        Files.delete(dir.resolve("connector.schema.json"));

        assertThatThrownBy(() -> new ConnectorLoader(dir, env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connector.schema.json");
    }

    @Test
    void loadsTheShippedLandConnector() throws IOException {
        Files.copy(Path.of("connectors/land.yaml"), dir.resolve("land.yaml"));

        ConnectorLoader.Result result = loader().loadAll();

        assertThat(result.invalid()).isEmpty();
        assertThat(result.valid()).singleElement().satisfies(f -> {
            assertThat(f.department().region()).isEqualTo("500102");
            assertThat(f.source("cases").parameters().toString()).doesNotContain("${");
        });
    }

    // ---------------------------------------------------------------- call-outs

    private static final String CALLOUT = """
            department:
              code: land
              name: 重庆市涪陵区规划和自然资源局
              region: "500102"
            mode: callout
            callouts:
              - name: pre-review-opinion
                template: %s
                requestMapping: land/pre-review-request
                responseMapping: land/pre-review-response
                %s
                parameters:
                  jdbcUrl: "jdbc:h2:mem:land"
                  password: ${LAND_DB_PASSWORD}
                  query: "select WH from GT_YDYS_YJ where XMDM = :projectCode"
            """;

    @Test
    void readsACalloutWithItsGuardsDefaultedAndItsSecretFromTheEnvironment() throws IOException {
        ConnectorFile file = loader().load(write("land.yaml", CALLOUT.formatted("sql-callout", "timeout: 3000")));

        assertThat(file.mode()).isEqualTo("callout");
        assertThat(file.sources()).isEmpty();
        ConnectorFile.Callout c = file.callouts().get(0);
        assertThat(c.name()).isEqualTo("pre-review-opinion");
        assertThat(c.template()).isEqualTo("sql-callout");
        assertThat(c.requestMapping()).isEqualTo("land/pre-review-request");
        assertThat(c.responseMapping()).isEqualTo("land/pre-review-response");
        assertThat(c.timeout()).isEqualTo(3000);
        assertThat(c.maxConcurrent()).isEqualTo(10);
        assertThat(c.breaker()).isEqualTo(new ConnectorFile.Breaker(50, 10, 20, 30, 2));
        assertThat(c.logBodies()).isFalse();
        assertThat(c.parameters().path("password").asText()).isEqualTo("s3cret-from-env");
        assertThat(c.parameters().path("maxRows").asInt()).isEqualTo(100);
    }

    @Test
    void keepsTheBreakerSettingsGivenAndDefaultsTheOthers() throws IOException {
        ConnectorFile file = loader().load(write("land.yaml", CALLOUT.formatted("sql-callout", "breaker: {minimumCalls: 4, waitInOpen: 1}")));

        assertThat(file.callouts().get(0).breaker()).isEqualTo(new ConnectorFile.Breaker(50, 4, 20, 1, 2));
    }

    @Test
    void aCalloutWithAnUnknownTemplateMakesOnlyItsDepartmentInvalid() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(CALLOUT.formatted("ftp-callout", ""));

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("callouts[0].template:").contains("soap-callout"));
    }

    @Test
    void aCalloutWithoutAResponseMappingMakesOnlyItsDepartmentInvalid() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(CALLOUT.formatted("sql-callout", "").replace(
                "    responseMapping: land/pre-review-response\n", ""));

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("callouts[0]").contains("responseMapping"));
    }

    @Test
    void aCalloutSecretWrittenAsAValueIsRefused() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(CALLOUT.formatted("sql-callout", "").replace("${LAND_DB_PASSWORD}", "hunter2"));

        assertThat(errors).containsExactly("callouts[0].parameters.password: a secret must come from the environment, write ${ENV_NAME}"
                + " (no default value), not the value");
    }

    @Test
    void aCalloutWithoutItsShapesRequiredParameterIsRefusedWithTheField() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(CALLOUT.formatted("sql-callout", "").replace(
                "      query: \"select WH from GT_YDYS_YJ where XMDM = :projectCode\"\n", ""));

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("callouts[0].parameters").contains("query"));
    }

    @Test
    void aCalloutGuardOutOfRangeIsRefusedWithTheField() throws IOException {
        List<String> errors = errorsOfLandNextToValidWater(CALLOUT.formatted("sql-callout", "maxConcurrent: 0"));

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("callouts[0].maxConcurrent:"));
    }
}
