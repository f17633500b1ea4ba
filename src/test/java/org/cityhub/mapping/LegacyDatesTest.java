package org.cityhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyDatesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // compact forms of GB/T 39046 and SOAP services
            "20160401                  | 2016-04-01T00:00:00+08:00",
            "20160401093005            | 2016-04-01T09:30:05+08:00",
            "20160401T093005           | 2016-04-01T09:30:05+08:00",
            "2016040109:30:05          | 2016-04-01T09:30:05+08:00",
            // database and spreadsheet forms
            "2016-04-01                | 2016-04-01T00:00:00+08:00",
            "2016-04-01 09:30          | 2016-04-01T09:30:00+08:00",
            "2016-04-01 09:30:05       | 2016-04-01T09:30:05+08:00",
            "2016-04-01 09:30:05.0     | 2016-04-01T09:30:05+08:00",
            "2016-04-01 09:30:05.120   | 2016-04-01T09:30:05.12+08:00",
            "2016-04-01 09:30:05.123456789 | 2016-04-01T09:30:05.123456789+08:00",
            "2016/4/1                  | 2016-04-01T00:00:00+08:00",
            "2016/04/01                | 2016-04-01T00:00:00+08:00",
            "2016/4/1 9:30             | 2016-04-01T09:30:00+08:00",
            "2016/4/1 9:30:05          | 2016-04-01T09:30:05+08:00",
            "2016/12/31 23:59:59       | 2016-12-31T23:59:59+08:00",
            "2016.4.1                  | 2016-04-01T00:00:00+08:00",
            // hand-written Chinese forms
            "2016年4月1日               | 2016-04-01T00:00:00+08:00",
            "2016年04月01日             | 2016-04-01T00:00:00+08:00",
            "2016年4月1日 9:30          | 2016-04-01T09:30:00+08:00",
            "2016年4月1日 9:30:05       | 2016-04-01T09:30:05+08:00",
            "2016年4月1日9时30分         | 2016-04-01T09:30:00+08:00",
            "2016年4月1日9时30分5秒      | 2016-04-01T09:30:05+08:00",
            "2016年4月1日 9时30分        | 2016-04-01T09:30:00+08:00",
            // ISO-8601
            "2016-04-01T09:30          | 2016-04-01T09:30:00+08:00",
            "2016-04-01T09:30:05       | 2016-04-01T09:30:05+08:00",
            "2016-04-01T01:30:05Z      | 2016-04-01T09:30:05+08:00",
            "2016-04-01T09:30:05+08:00 | 2016-04-01T09:30:05+08:00",
            "2016-03-31T20:30:05-05:00 | 2016-04-01T09:30:05+08:00",
            "2016-04-01T03:30:05+0200  | 2016-04-01T09:30:05+08:00",
            "2016-03-31T23:30:00.5Z    | 2016-04-01T07:30:00.5+08:00",
            // calendar edges
            "20160229                  | 2016-02-29T00:00:00+08:00",
            "1900-01-01                | 1900-01-01T00:00:00+08:00",
            "2100-12-31 23:59:59       | 2100-12-31T23:59:59+08:00",
    })
    void readsEveryLegacyForm(String legacy, String iso) {
        assertThat(LegacyDates.toIso(legacy)).isEqualTo(iso);
        assertThat(LegacyDates.parse(legacy)).isEqualTo(OffsetDateTime.parse(iso));
        assertThat(LegacyDates.parse(legacy).getOffset()).isEqualTo(ZoneOffset.ofHours(8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "２０１６０４０１                       | 2016-04-01T00:00:00+08:00",
            "２０１６－０４－０１　０９：３０：０５  | 2016-04-01T09:30:05+08:00",
            "２０１６年４月１日                     | 2016-04-01T00:00:00+08:00",
            "２０１６／４／１　９：３０              | 2016-04-01T09:30:00+08:00",
            "'  2016-04-01 09:30  '                | 2016-04-01T09:30:00+08:00",
            "'\t20160401093005\r'                  | 2016-04-01T09:30:05+08:00",
            "'2016-04-01   09:30'                  | 2016-04-01T09:30:00+08:00",
    })
    void readsFullWidthDigitsAndIgnoresSurroundingWhitespace(String legacy, String iso) {
        assertThat(LegacyDates.toIso(legacy)).isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2016-02-30           | 2016-02-30 is not a calendar date",
            "20150229             | 2015-02-29 is not a calendar date",
            "2016/4/31            | 2016-04-31 is not a calendar date",
            "2016年13月1日         | 2016-13-01 is not a calendar date",
            "2016-00-10           | 2016-00-10 is not a calendar date",
            "2016-04-01 24:00     | 24:00:00 is not a time of day",
            "20160401236000       | 23:60:00 is not a time of day",
            "2016-04-01 09:30:60  | 09:30:60 is not a time of day",
            "1899-12-31           | year 1899 is outside 1900-2100",
            "2101-01-01           | year 2101 is outside 1900-2100",
            "00000101             | year 0 is outside 1900-2100",
    })
    void rejectsImpossibleDatesStrictly(String legacy, String reason) {
        assertThatThrownBy(() -> LegacyDates.parse(legacy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage", "2016", "201604", "2016-04", "2016-04-0109:30", "2016-4-1T", "2016-04-01 9",
            "2016-04-01 9:3", "2016-04-01 09:30:5", "2016-04-01 09:30:05.", "2016-04-01 09:30:05.1234567891",
            "2016/4-1", "2016年4月1", "2016年4月1日9时", "2016年4月1日9时30", "2016年4月1日9时30分5",
            "201604010930", "2016040109305", "20160401 093005", "20160401X093005", "2016040109-30-05",
            "2016-04-01T09:30+8", "2016-04-01T09:30:05+19:00", "2016-04-01T09:30:05 UTC", "1/4/2016",
            "二〇一六年四月一日", "2016-04-01-",
    })
    void rejectsGarbageNamingTheExpectedForms(String legacy) {
        assertThatThrownBy(() -> LegacyDates.parse(legacy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable date/time")
                .hasMessageContaining(LegacyDates.EXPECTED_FORMS);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t", "\u3000", "\u00A0"})
    void rejectsMissingValuesAsEmpty(String legacy) {
        assertThatThrownBy(() -> LegacyDates.parse(legacy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void theHandWrittenIsoIsWhatTheFormatterGives() {
        java.util.Random random = new java.util.Random(39046);
        long from = OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, LegacyDates.CHINA).toEpochSecond();
        long to = OffsetDateTime.of(2100, 12, 31, 23, 59, 59, 0, LegacyDates.CHINA).toEpochSecond();
        int[] precisions = {1, 10, 1_000, 1_000_000, 100_000_000, 1_000_000_000};
        for (int i = 0; i < 100_000; i++) {
            int unit = precisions[random.nextInt(precisions.length)];
            OffsetDateTime t = java.time.Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)),
                    random.nextInt(1_000_000_000 / unit) * unit).atOffset(LegacyDates.CHINA);
            assertThat(LegacyDates.iso(t)).as("%s", t).isEqualTo(LegacyDates.ISO_WITH_SECONDS.format(t));
        }
        // another offset is left to the formatter
        OffsetDateTime utc = OffsetDateTime.of(2016, 4, 1, 1, 30, 5, 0, ZoneOffset.UTC);
        assertThat(LegacyDates.iso(utc)).isEqualTo("2016-04-01T01:30:05Z");
    }

    @Test
    void clipsAndEscapesHostileInputInMessages() {
        String hostile = "2016\u0000" + "x".repeat(10_000);
        assertThatThrownBy(() -> LegacyDates.parse(hostile))
                .hasMessageStartingWith("unreadable date/time '2016\\u0000xxx")
                .hasMessageContaining("...'")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
    }

    @ParameterizedTest
    @CsvSource({
            "20160401, true",
            "2016-04-01, true",
            "2016/4/1, true",
            "2016.4.1, true",
            "2016年4月1日, true",
            "２０１６０４０１, true",
            "20160401093000, false",
            "2016-04-01 00:00, false",
            "2016年4月1日0时0分, false",
            "2016-04-01T00:00:00Z, false",
    })
    void tellsDateOnlyValuesFromDateTimes(String legacy, boolean dateOnly) {
        assertThat(LegacyDates.isDateOnly(legacy)).isEqualTo(dateOnly);
    }

    @Test
    void refusesToClassifyUnreadableValues() {
        assertThatThrownBy(() -> LegacyDates.isDateOnly("not a date"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable");
    }
}
