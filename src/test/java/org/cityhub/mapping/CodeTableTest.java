package org.cityhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeTableTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private CodeTable statusTable() throws IOException {
        return CodeTable.read(write("status.yaml", """
                title: 办理状态 BLZT → case status
                values:
                  "0": SUBMITTED   # 已申请
                  "1": ACCEPTED    # 已受理
                  "7": COMPLETED   # 已办结
                """));
    }

    @Test
    void readsNameTitleAndValuesInFileOrder() throws IOException {
        CodeTable table = statusTable();

        assertThat(table.name()).isEqualTo("status");
        assertThat(table.title()).isEqualTo("办理状态 BLZT → case status");
        assertThat(table.values()).containsExactly(
                org.assertj.core.api.Assertions.entry("0", "SUBMITTED"),
                org.assertj.core.api.Assertions.entry("1", "ACCEPTED"),
                org.assertj.core.api.Assertions.entry("7", "COMPLETED"));
        assertThat(table.defaultValue()).isNull();
    }

    @Test
    void takesTheNameFromAYmlFileAndTheTitleFromTheNameWhenNoneIsGiven() throws IOException {
        CodeTable table = CodeTable.read(write("id-type.yml", """
                values:
                  SFZ: "111"
                """));

        assertThat(table.name()).isEqualTo("id-type");
        assertThat(table.title()).isEqualTo("id-type");
        assertThat(table.lookup("SFZ")).isEqualTo("111");
    }

    @Test
    void keepsQuotedCodesWithLeadingZerosAsWritten() throws IOException {
        CodeTable table = CodeTable.read(write("id-type.yaml", """
                values:
                  TYDM: "001"
                """));

        assertThat(table.lookup("TYDM")).isEqualTo("001");
    }

    @Test
    void looksUpLegacyCodesAfterStrippingSurroundingSpace() throws IOException {
        CodeTable table = statusTable();

        assertThat(table.lookup("1")).isEqualTo("ACCEPTED");
        assertThat(table.lookup(" 7 ")).isEqualTo("COMPLETED");
    }

    @Test
    void looksUpJsonNumbersLikeTheirDigits() throws IOException {
        CodeTable table = statusTable();

        assertThat(table.lookup(1)).isEqualTo("ACCEPTED");
        assertThat(table.lookup(7L)).isEqualTo("COMPLETED");
        assertThat(table.lookup(1.0)).isEqualTo("ACCEPTED");
        assertThat(table.lookup(0.0)).isEqualTo("SUBMITTED");
    }

    @Test
    void readsUnquotedNumericKeysAsTheirDigits() throws IOException {
        CodeTable table = CodeTable.read(write("channel.yaml", """
                values:
                  1: WINDOW
                  2: ONLINE
                """));

        assertThat(table.lookup("1")).isEqualTo("WINDOW");
        assertThat(table.lookup(2.0)).isEqualTo("ONLINE");
    }

    @Test
    void doesNotTruncateAFractionalNumberToAnotherCode() throws IOException {
        CodeTable table = statusTable();

        assertThatThrownBy(() -> table.lookup(1.5))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("'1.5'");
    }

    @Test
    void returnsNullForAMissingLegacyValue() throws IOException {
        assertThat(statusTable().lookup(null)).isNull();
    }

    @Test
    void usesTheDefaultForCodesNotListed() throws IOException {
        CodeTable table = CodeTable.read(write("step-action.yaml", """
                values:
                  "5": PASS
                  "6": RETURN
                default: OTHER
                """));

        assertThat(table.defaultValue()).isEqualTo("OTHER");
        assertThat(table.lookup("5")).isEqualTo("PASS");
        assertThat(table.lookup("1")).isEqualTo("OTHER");
        assertThat(table.lookup(99)).isEqualTo("OTHER");
    }

    @Test
    void treatsAnExplicitNullDefaultAsNoDefault() throws IOException {
        CodeTable table = CodeTable.read(write("status.yaml", """
                values:
                  "1": ACCEPTED
                default: ~
                """));

        assertThat(table.defaultValue()).isNull();
        assertThatThrownBy(() -> table.lookup("2")).isInstanceOf(MappingException.class);
    }

    @Test
    void rejectsAnUnknownCodeWithoutDefaultNamingTheTableAndTheCode() throws IOException {
        CodeTable table = statusTable();

        assertThatThrownBy(() -> table.lookup("12"))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.fieldPath()).isEqualTo("code table 'status'");
                    assertThat(e.actual()).isEqualTo("'12'");
                    assertThat(e.expected()).contains("0", "1", "7");
                })
                .hasMessageContaining("status")
                .hasMessageContaining("'12'");
    }

    @Test
    void shortensAHugeUnknownCodeInTheMessage() throws IOException {
        String huge = "9".repeat(10_000);

        assertThatThrownBy(() -> statusTable().lookup(huge))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }

    @Test
    void exposesValuesReadOnly() throws IOException {
        CodeTable table = statusTable();

        assertThatThrownBy(() -> table.values().put("9", "WITHDRAWN"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsUnparsableYamlNamingTheFile() throws IOException {
        Path file = write("status.yaml", "values: [\"1\": ACCEPTED\n  - : :\n");

        assertThatThrownBy(() -> CodeTable.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not readable YAML");
    }

    @Test
    void rejectsAFileWithoutValuesNamingTheFile() throws IOException {
        Path file = write("status.yaml", """
                title: forgot the values
                codes:
                  "1": ACCEPTED
                """);

        assertThatThrownBy(() -> CodeTable.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("values");
    }

    @Test
    void rejectsValuesThatAreAListNamingTheFile() throws IOException {
        Path file = write("status.yaml", """
                values:
                  - ACCEPTED
                  - COMPLETED
                """);

        assertThatThrownBy(() -> CodeTable.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void rejectsAnEmptyFileNamingTheFile() throws IOException {
        Path file = write("status.yaml", "");

        assertThatThrownBy(() -> CodeTable.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void rejectsACodeMappedToAStructureNamingTheFileAndTheEntry() throws IOException {
        Path file = write("status.yaml", """
                values:
                  "1": ACCEPTED
                  "2":
                    status: IN_REVIEW
                """);

        assertThatThrownBy(() -> CodeTable.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("values.2");
    }

    @Test
    void rejectsACodeMappedToNothingNamingTheFileAndTheEntry() throws IOException {
        Path file = write("status.yaml", """
                values:
                  "1": ACCEPTED
                  "2":
                """);

        assertThatThrownBy(() -> CodeTable.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("values.2");
    }

    @Test
    void rejectsAMissingFileNamingIt() {
        Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> CodeTable.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
    }
}
