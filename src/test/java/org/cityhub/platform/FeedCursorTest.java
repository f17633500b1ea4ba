package org.cityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class FeedCursorTest {

    private static String cursorOf(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMalformed(String cursor) {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> FeedCursor.decode(cursor));

        assertThat(problem).as("decoding %s", cursor).isNotNull();
        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.getMessage()).contains("after");
        assertThat(problem.title()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 42, 1_000_000, 999_999_999_999_999_999L})
    void decodesWhatItEncodes(long seq) {
        assertThat(FeedCursor.decode(FeedCursor.encode(seq))).isEqualTo(seq);
    }

    @Test
    void encodesAnOpaqueUrlSafeCursorWithoutPadding() {
        String cursor = FeedCursor.encode(1234567);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(cursor).doesNotContain("1234567");
    }

    @Test
    void decodesTheDocumentedFormat() {
        assertThat(FeedCursor.decode(cursorOf("v1:77"))).isEqualTo(77);
    }

    @Test
    void acceptsAPaddedCursor() {
        String padded = Base64.getUrlEncoder().encodeToString("v1:7".getBytes(StandardCharsets.US_ASCII));

        assertThat(padded).endsWith("=");
        assertThat(FeedCursor.decode(padded)).isEqualTo(7);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void startsAtTheBeginningWithoutACursor(String absent) {
        assertThat(FeedCursor.decode(absent)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "abc$", "a", " ", "djE6Nw==x", "%76%31"})
    void rejectsAStringThatIsNotBase64Url(String cursor) {
        assertMalformed(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2:5", "V1:5", "5", "v1", "x1:5", ":5"})
    void rejectsAWrongPrefix(String text) {
        assertMalformed(cursorOf(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1:", "v1:12a", "v1:0x10", "v1: 5", "v1:5 ", "v1:+5", "v1:1.5", "v1:１２", "v1:5\n"})
    void rejectsAPositionThatIsNotPlainDigits(String text) {
        assertMalformed(cursorOf(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1:-1", "v1:-9223372036854775808"})
    void rejectsANegativePosition(String text) {
        assertMalformed(cursorOf(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1:1000000000000000000", "v1:9223372036854775807", "v1:9223372036854775808",
            "v1:99999999999999999999999"})
    void rejectsPositionsOfNineteenDigitsOrMoreInsteadOfOverflowing(String text) {
        assertMalformed(cursorOf(text));
    }

    @Test
    void rejectsACursorLongerThanAnyItIssues() {
        assertMalformed("A".repeat(41));
        assertMalformed(cursorOf("v1:" + "0".repeat(40)));
    }

    @Test
    void rejectsAHugeCursorWithoutDecodingIt() {
        assertMalformed(cursorOf("v1:1") + "A".repeat(1_000_000));
    }
}
