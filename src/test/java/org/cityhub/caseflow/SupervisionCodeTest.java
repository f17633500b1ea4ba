package org.cityhub.caseflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SupervisionCodeTest {

    private static final LocalDate DAY = LocalDate.of(2026, 4, 21);
    // computed by a separate Python implementation of the same rule (hashlib.sha256, MOD 37,36)
    private static final String KNOWN = "500102202604213JT2K9TJM8Q";

    private static SupervisionCode sample() {
        return SupervisionCode.derive("500102", DAY, "CQFL-SCJG", "FL2026-000123", 0);
    }

    @Test
    void deriveMatchesAnIndependentlyComputedCode() {
        assertThat(sample().value()).isEqualTo(KNOWN);
        assertThat(SupervisionCode.derive("500102", DAY, "CQFL-SCJG", "FL2026-000123", 1).value())
                .isEqualTo("50010220260421KGNWW15R082");
        assertThat(SupervisionCode.derive("500102", DAY, "涪陵区市场监管局", "受2026第00001号", 0).value())
                .isEqualTo("5001022026042169S4TA1AMRD");
    }

    @Test
    void deriveIsStableForTheSameDepartmentCase() {
        assertThat(sample()).isEqualTo(sample());
    }

    @Test
    void deriveGivesDifferentCodesForDifferentCasesDepartmentsAndSalts() {
        SupervisionCode base = sample();
        assertThat(SupervisionCode.derive("500102", DAY, "CQFL-SCJG", "FL2026-000124", 0)).isNotEqualTo(base);
        assertThat(SupervisionCode.derive("500102", DAY, "CQFL-GTJ", "FL2026-000123", 0)).isNotEqualTo(base);
        assertThat(SupervisionCode.derive("500102", DAY, "CQFL-SCJG", "FL2026-000123", 1)).isNotEqualTo(base);
    }

    @Test
    void deriveKeepsTheBodyInTheCrockfordAlphabetAndAlwaysParsesBack() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            SupervisionCode code = SupervisionCode.derive("500102", DAY, "DEPT-" + (i % 7), "CASE-" + i, 0);
            assertThat(code.value().substring(14, 24)).matches("[0-9A-HJKMNP-TV-Z]{10}");
            assertThat(SupervisionCode.parse(code.grouped())).isEqualTo(code);
            seen.add(code.value());
        }
        assertThat(seen).hasSize(5_000);
    }

    @Test
    void exposesRegionDateAndPrintLayout() {
        SupervisionCode code = sample();
        assertThat(code.region()).isEqualTo("500102");
        assertThat(code.firstSeen()).isEqualTo(DAY);
        assertThat(code.grouped()).isEqualTo("500102-20260421-3JT2K9TJM8-Q");
        assertThat(code.toString()).isEqualTo(KNOWN);
    }

    @Test
    void parseRoundTripsThePrintedLayout() {
        assertThat(SupervisionCode.parse(sample().grouped())).isEqualTo(sample());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "  500102 20260421 3jt2k9tjm8 q  ",
            "500102-20260421-3jt2-k9tj-m8-q",
            "５００１０２－２０２６０４２１－３ＪＴ２Ｋ９ＴＪＭ８－Ｑ",
            "500102\u300020260421\u00A03JT2K9TJM8\u2013Q",
    })
    void parseAcceptsWhatCitizensType(String typed) {
        assertThat(SupervisionCode.parse(typed).value()).isEqualTo(KNOWN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "50010220260421                | supervision code must be 25 characters, got 14",
            "500102202604213JT2K9TJM8QQ    | supervision code must be 25 characters, got 26",
            "5001A2202604213JT2K9TJM8Q     | character 5 'A' must be a digit (characters 1-6 are the region code)",
            "50010220260X213JT2K9TJM8Q     | character 12 'X' must be a digit (characters 7-14 are the date yyyyMMdd)",
            "500102202613453JT2K9TJM8Q     | characters 7-14 must be a date yyyyMMdd, got 20261345",
            "500102202502293JT2K9TJM8Q     | characters 7-14 must be a date yyyyMMdd, got 20250229",
            "500102202604213JI2K9TJM8Q     | character 17 'I' is not allowed (allowed: 0-9 and A-Z except I, L, O, U)",
            "50010220260421LJT2K9TJM8Q     | character 15 'L' is not allowed (allowed: 0-9 and A-Z except I, L, O, U)",
            "500102202604213JT2K9TJM8O     | check character is wrong: expected Q, got O (mistyped code?)",
            "500102202604213JT2K9TJM87     | check character is wrong: expected Q, got 7 (mistyped code?)",
            "500102202604213JT2K9TJM8*     | character 25 '*' is not allowed (allowed: 0-9 and A-Z)",
    })
    void parseRejectsEachMalformationWithAPreciseMessage(String typed, String message) {
        assertThatThrownBy(() -> SupervisionCode.parse(typed))
                .isInstanceOf(MalformedSupervisionCodeException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " - - "})
    void parseRejectsBlankInput(String typed) {
        assertThatThrownBy(() -> SupervisionCode.parse(typed))
                .isInstanceOf(MalformedSupervisionCodeException.class)
                .hasMessage("supervision code is empty");
    }

    @Test
    void parseRejectsNull() {
        assertThatThrownBy(() -> SupervisionCode.parse(null))
                .isInstanceOf(MalformedSupervisionCodeException.class)
                .hasMessage("supervision code is empty");
    }

    @Test
    void parseNeverEchoesHostileInput() {
        String hostile = "<script>alert(1)</script>".repeat(40_000);
        assertThatThrownBy(() -> SupervisionCode.parse(hostile))
                .isInstanceOf(MalformedSupervisionCodeException.class)
                .hasMessage("supervision code must be 25 characters, got 1000000");

        String control = "500102202604213JT2K9\u0007JM8Q";
        assertThatThrownBy(() -> SupervisionCode.parse(control))
                .hasMessage("character 21 U+0007 is not allowed (allowed: 0-9 and A-Z except I, L, O, U)");

        String bidi = "50010\u202E202604213JT2K9TJM8Q";
        assertThatThrownBy(() -> SupervisionCode.parse(bidi))
                .hasMessageStartingWith("character 6 U+202E must be a digit");
    }

    @Test
    void rejectsEverySingleCharacterTypo() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        int typos = 0;
        for (int i = 0; i < KNOWN.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c == KNOWN.charAt(i)) {
                    continue;
                }
                String typo = KNOWN.substring(0, i) + c + KNOWN.substring(i + 1);
                assertThatThrownBy(() -> SupervisionCode.parse(typo))
                        .as("typo %s", typo)
                        .isInstanceOf(MalformedSupervisionCodeException.class);
                typos++;
            }
        }
        assertThat(typos).isEqualTo(25 * 35);
    }

    @Test
    void constructorAcceptsOnlyTheCanonicalForm() {
        assertThat(new SupervisionCode(KNOWN).value()).isEqualTo(KNOWN);
        assertThatThrownBy(() -> new SupervisionCode("500102-20260421-3JT2K9TJM8-Q"))
                .isInstanceOf(MalformedSupervisionCodeException.class);
        assertThatThrownBy(() -> new SupervisionCode(KNOWN.toLowerCase()))
                .isInstanceOf(MalformedSupervisionCodeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"50010", "5001021", "50O102", "５００１０２", ""})
    void deriveRejectsRegionsThatAreNotSixDigits(String region) {
        assertThatThrownBy(() -> SupervisionCode.derive(region, DAY, "D", "1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("region must be exactly 6 digits");
    }

    @Test
    void deriveRejectsArgumentsThatWouldMakeTheHashAmbiguousOrMeaningless() {
        assertThatThrownBy(() -> SupervisionCode.derive(null, DAY, "D", "1", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SupervisionCode.derive("500102", DAY, " ", "1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("department");
        assertThatThrownBy(() -> SupervisionCode.derive("500102", DAY, "A\nB", "1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
        assertThatThrownBy(() -> SupervisionCode.derive("500102", DAY, "D", "", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("departmentCaseNo");
        assertThatThrownBy(() -> SupervisionCode.derive("500102", DAY, "D", "1", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("salt");
        assertThatThrownBy(() -> SupervisionCode.derive("500102", LocalDate.of(10_000, 1, 1), "D", "1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4-digit year");
    }
}
