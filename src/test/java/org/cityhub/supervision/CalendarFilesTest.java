package org.cityhub.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarFilesTest {

    @TempDir
    Path dir;

    @Test
    void theShippedYearsLoadWithTheirHolidaysAndAdjustedWorkingDays() {
        WorkingCalendar c = CalendarFiles.load(Path.of("calendar"));

        assertThat(c.years()).containsKeys(2026, 2027);
        assertThat(c.isWorkingDay(LocalDate.of(2026, 2, 16))).as("Monday in the Spring Festival").isFalse();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 2, 14))).as("Saturday worked (调休)").isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 10, 10))).as("Saturday worked (调休)").isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 10, 17))).as("an ordinary Saturday").isFalse();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 10, 12))).as("an ordinary Monday").isTrue();
        assertThat(c.years().get(2026).provisional()).isFalse();
        assertThat(c.years().get(2027).provisional()).as("the 2027 notice was not available").isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();
        // the statutory lunar-calendar holidays are in, on their 2027 dates: 除夕 (Friday) to 正月初三 (Monday),
        // 清明 (Monday), 端午 and 中秋 (Wednesdays)
        assertThat(c.isWorkingDay(LocalDate.of(2027, 2, 4))).as("Thursday before 除夕").isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2027, 2, 5))).as("除夕").isFalse();
        assertThat(c.isWorkingDay(LocalDate.of(2027, 2, 8))).as("正月初三").isFalse();
        assertThat(c.isWorkingDay(LocalDate.of(2027, 2, 9))).as("正月初四, no notice yet").isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2027, 4, 5))).as("清明节").isFalse();
        assertThat(c.isWorkingDay(LocalDate.of(2027, 6, 9))).as("端午节").isFalse();
        assertThat(c.isWorkingDay(LocalDate.of(2027, 9, 15))).as("中秋节").isFalse();
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static final String HEAD = "year: 2028\nsource: test notice\n";

    @Test
    void aDateThatDoesNotExistIsRefusedNamingTheFileAndTheEntry() throws IOException {
        Path f = write("2028.yaml", HEAD + """
                holidays:
                  - { date: 2028-01-01, name: 元旦 }
                  - { from: 2028-02-30, to: 2028-03-02, name: 春节 }
                workingDays: []
                """);

        assertThatThrownBy(() -> CalendarFiles.load(dir))
                .isInstanceOfSatisfying(CalendarFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(f);
                    assertThat(e.entry()).isEqualTo("holidays[1].from");
                })
                .hasMessageContaining("2028.yaml").hasMessageContaining("'2028-02-30' is not a date");
    }

    @Test
    void anAdjustedWorkingDayMustBeAWeekendDay() throws IOException {
        write("2028.yaml", HEAD + """
                holidays: []
                workingDays:
                  - { date: 2028-01-08, name: a Saturday }
                  - { date: 2028-01-10, name: a Monday }
                """);

        assertThatThrownBy(() -> CalendarFiles.load(dir))
                .isInstanceOfSatisfying(CalendarFileException.class, e -> assertThat(e.entry()).isEqualTo("workingDays[1].date"))
                .hasMessageContaining("2028-01-10 is a MONDAY");
    }

    @Test
    void aDateOfAnotherYearAndAYearThatContradictsTheFileNameAreRefused() throws IOException {
        write("2028.yaml", HEAD + "holidays:\n  - { date: 2029-01-01, name: 元旦 }\nworkingDays: []\n");
        assertThatThrownBy(() -> CalendarFiles.load(dir)).hasMessageContaining("holidays[0].date: 2029-01-01 is not in 2028");

        write("2028.yaml", "year: 2027\nsource: x\nholidays: []\nworkingDays: []\n");
        assertThatThrownBy(() -> CalendarFiles.load(dir)).hasMessageContaining("year: says 2027 but the file is named for 2028");
    }

    @Test
    void aMisspelledKeyAndAMissingListAreRefused() throws IOException {
        write("2028.yaml", HEAD + "holidays:\n  - { date: 2028-01-01, nmae: 元旦 }\nworkingDays: []\n");
        assertThatThrownBy(() -> CalendarFiles.load(dir)).hasMessageContaining("holidays[0].nmae: unknown key");

        write("2028.yaml", HEAD + "holidays: []\n");
        assertThatThrownBy(() -> CalendarFiles.load(dir)).hasMessageContaining("workingDays: expected a list");
    }

    @Test
    void brokenYamlIsRefusedWithItsLine() throws IOException {
        write("2028.yaml", HEAD + "holidays: [ { date: 2028-01-01\nworkingDays: []\n");

        assertThatThrownBy(() -> CalendarFiles.load(dir)).isInstanceOf(CalendarFileException.class)
                .hasMessageContaining("2028.yaml: not valid YAML");
    }

    @Test
    void aFolderWithoutFilesFallsBackToMondayToFriday() {
        WorkingCalendar c = CalendarFiles.load(dir.resolve("missing"));

        assertThat(c.years()).isEmpty();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 10, 1))).isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 10, 3))).isFalse();
    }
}
