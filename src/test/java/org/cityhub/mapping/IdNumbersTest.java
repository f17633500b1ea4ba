package org.cityhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdNumbersTest {

    private static final String RESIDENT_ID = "11010519491231002X";
    private static final String CREDIT_CODE = "91350100M000100Y43";

    @ParameterizedTest
    @ValueSource(strings = {
            RESIDENT_ID,
            "11010519491231002x",
            "500102200002290017", // born on a leap day
            "500102190001010013", // first day allowed
            "50010219861015123X",
    })
    void acceptsResidentIdsWithCorrectCheckCharacterAndBirthDate(String id) {
        assertThat(IdNumbers.whyInvalidResidentId(id)).isNull();
        assertThat(IdNumbers.isValidResidentId(id)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "110105194912310021   | check character should be X, got 1",
            "50010220000229001X   | check character should be 7, got X",
            "110105491231002      | must be 18 characters, got 15",
            "11010519491231002X0  | must be 18 characters, got 19",
            "1101051949123100AX   | character 17 must be a digit",
            "11010519491231002Y   | character 18 must be a digit or X",
            "110105194913310020   | birth date 19491331 is not a date",
            "110105195002290020   | birth date 19500229 is not a date",
            "110105194900000020   | birth date 19490000 is not a date",
            "110105189912310020   | birth date (characters 7-14) is before 1900",
            "110105299901010020   | birth date (characters 7-14) is in the future",
    })
    void rejectsMalformedResidentIdsWithAPreciseReason(String id, String reason) {
        assertThat(IdNumbers.whyInvalidResidentId(id)).isEqualTo(reason);
        assertThat(IdNumbers.isValidResidentId(id)).isFalse();
    }

    @Test
    void rejectsBirthDateAfterToday() {
        String bornOnSecondJanuary2020 = "110105202001020010";
        assertThat(IdNumbers.whyInvalidResidentId(bornOnSecondJanuary2020, LocalDate.of(2020, 1, 2))).isNull();
        assertThat(IdNumbers.whyInvalidResidentId(bornOnSecondJanuary2020, LocalDate.of(2020, 1, 1)))
                .isEqualTo("birth date (characters 7-14) is in the future");
    }

    @Test
    void neverQuotesTheIdNumberInAReason() {
        String wrongCheck = "110105194912310021";
        assertThat(IdNumbers.whyInvalidResidentId(wrongCheck))
                .doesNotContain(wrongCheck)
                .doesNotContain(wrongCheck.substring(0, 6))
                .doesNotContain(wrongCheck.substring(14, 17));
    }

    @Test
    void reportsMissingValues() {
        assertThat(IdNumbers.whyInvalidResidentId(null)).isEqualTo("is missing");
        assertThat(IdNumbers.isValidResidentId(null)).isFalse();
        assertThat(IdNumbers.whyInvalidCreditCode(null)).isEqualTo("is missing");
        assertThat(IdNumbers.isValidCreditCode(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            CREDIT_CODE,
            "91500102MA5U00000Y", // check value 30, the last letter of the alphabet
            "91500102MA5U0000M0", // check value 31 written as 0
    })
    void acceptsCreditCodesWithCorrectCheckCharacter(String code) {
        assertThat(IdNumbers.whyInvalidCreditCode(code)).isNull();
        assertThat(IdNumbers.isValidCreditCode(code)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "91350100M000100Y44   | check character should be 3, got 4",
            "91350100M000100Y4Y   | check character should be 3, got Y",
            "91350100M000100Y4    | must be 18 characters, got 17",
            "91350100I000100Y43   | character 9 is not allowed (allowed: 0-9 and uppercase A-Z except I, O, S, V, Z)",
            "91350100O000100Y43   | character 9 is not allowed (allowed: 0-9 and uppercase A-Z except I, O, S, V, Z)",
            "91350100S000100Y43   | character 9 is not allowed (allowed: 0-9 and uppercase A-Z except I, O, S, V, Z)",
            "91350100V000100Y43   | character 9 is not allowed (allowed: 0-9 and uppercase A-Z except I, O, S, V, Z)",
            "91350100Z000100Y43   | character 9 is not allowed (allowed: 0-9 and uppercase A-Z except I, O, S, V, Z)",
            "91350100m000100Y43   | character 9 is not allowed (allowed: 0-9 and uppercase A-Z except I, O, S, V, Z)",
            "91350100M000100Y4S   | character 18 is not allowed (allowed: 0-9 and uppercase A-Z except I, O, S, V, Z)",
    })
    void rejectsMalformedCreditCodesWithAPreciseReason(String code, String reason) {
        assertThat(IdNumbers.whyInvalidCreditCode(code)).isEqualTo(reason);
        assertThat(IdNumbers.isValidCreditCode(code)).isFalse();
    }

    @Test
    void detectsEverySingleDigitTypoInACreditCode() {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (int i = 0; i < CREDIT_CODE.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != CREDIT_CODE.charAt(i)) {
                    String typo = CREDIT_CODE.substring(0, i) + c + CREDIT_CODE.substring(i + 1);
                    assertThat(IdNumbers.isValidCreditCode(typo)).as(typo).isFalse();
                }
            }
        }
    }

    @Test
    void normalisesFullWidthDigitsLettersPunctuationAndSpaces() {
        assertThat(IdNumbers.normaliseDigits("　１３８００１３８０００　")).isEqualTo("13800138000");
        assertThat(IdNumbers.normaliseDigits("ＡＢＣａｂｃ")).isEqualTo("ABCabc");
        assertThat(IdNumbers.normaliseDigits("２０１６－０４－０１　０９：３０")).isEqualTo("2016-04-01 09:30");
        assertThat(IdNumbers.normaliseDigits("\u00A0138\u00A0")).isEqualTo("138");
        assertThat(IdNumbers.normaliseDigits("申请人 张三")).isEqualTo("申请人 张三");
        assertThat(IdNumbers.normaliseDigits("  plain  ")).isEqualTo("plain");
        assertThat(IdNumbers.normaliseDigits(null)).isNull();
    }

    @Test
    void acceptsFullWidthIdentifiersOnceNormalised() {
        String residentId = "１１０１０５１９４９１２３１００２Ｘ";
        String creditCode = "　９１３５０１００Ｍ０００１００Ｙ４３";
        assertThat(IdNumbers.isValidResidentId(residentId)).isFalse();
        assertThat(IdNumbers.isValidResidentId(IdNumbers.normaliseDigits(residentId))).isTrue();
        assertThat(IdNumbers.isValidCreditCode(creditCode)).isFalse();
        assertThat(IdNumbers.isValidCreditCode(IdNumbers.normaliseDigits(creditCode))).isTrue();
        assertThat(IdNumbers.isValidResidentId(IdNumbers.normaliseDigits("１１０１０５１９４９１２３１００２ｘ"))).isTrue();
    }
}
