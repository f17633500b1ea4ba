package org.cityhub.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.cityhub.supervision.TimeLimit.Unit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lights on the shipped 2026 calendar (国务院办公厅 notice of 2025-11-04). */
class LightCalculatorTest {

    static LightCalculator calc;

    @BeforeAll
    static void loadShippedCalendar() {
        calc = new LightCalculator(CalendarFiles.load(Path.of("calendar")));
    }

    static Instant at(String chinaLocal) {
        return LocalDateTime.parse(chinaLocal).atZone(LightCalculator.CHINA).toInstant();
    }

    static CaseClock open(String acceptedAt, int days, Unit unit, ClockStop... stops) {
        return new CaseClock(at(acceptedAt), new TimeLimit(days, unit), List.of(stops), null, null);
    }

    @Test
    void workingDaysSkipTheSpringFestivalAndCountTheAdjustedWorkingSaturday() {
        // Tue 10 Feb accepted: Wed 11, Thu 12, Fri 13, Sat 14 (调休上班), then 15-23 Feb holidays, Tue 24 Feb is day 5
        Assessment a = calc.assess(open("2026-02-10T10:00", 5, Unit.WORKING_DAY), at("2026-02-20T12:00"));

        assertThat(a.deadline()).isEqualTo(at("2026-02-25T00:00"));
        assertThat(a.light()).isEqualTo(Light.GREEN);
        assertThat(a.elapsedShare()).isEqualTo(0.8); // four working days counted, the holidays not
    }

    @Test
    void calendarDayLimitsCountEveryDayHolidaysIncluded() {
        Assessment a = calc.assess(open("2026-02-10T10:00", 5, Unit.CALENDAR_DAY), at("2026-02-15T12:00"));

        assertThat(a.deadline()).isEqualTo(at("2026-02-16T00:00"));
        assertThat(a.light()).isEqualTo(Light.YELLOW);
        assertThat(a.elapsedShare()).isEqualTo(0.9);
    }

    @Test
    void theDayOfAcceptanceIsNotCounted() {
        Assessment a = calc.assess(open("2026-03-02T09:00", 10, Unit.WORKING_DAY), at("2026-03-02T23:00"));

        assertThat(a.elapsedShare()).isEqualTo(0.0);
        // Tue 3 Mar is day 1, Mon 16 Mar day 10
        assertThat(a.deadline()).isEqualTo(at("2026-03-17T00:00"));
    }

    @Test
    void theClockStandsStillWhileSuspendedAndTheDeadlineMovesByTheWorkingDaysLost() {
        ClockStop suspended = new ClockStop(at("2026-03-04T00:00"), at("2026-03-06T00:00"), "SUSPENDED");

        Assessment a = calc.assess(open("2026-03-02T09:00", 10, Unit.WORKING_DAY, suspended), at("2026-03-10T12:00"));

        assertThat(a.deadline()).isEqualTo(at("2026-03-19T00:00"));
        // counted: 3 Mar, 6 Mar, 9 Mar and half of 10 Mar
        assertThat(a.elapsedShare()).isEqualTo(0.35);
        assertThat(a.clockStopped()).isFalse();
    }

    @Test
    void aCaseSuspendedUntilFurtherNoticeNeverTurnsRedByTimeAlone() {
        ClockStop suspended = new ClockStop(at("2026-03-05T12:00"), null, "SUSPENDED");

        Assessment a = calc.assess(open("2026-03-02T09:00", 10, Unit.WORKING_DAY, suspended), at("2026-04-20T12:00"));

        assertThat(a.light()).isEqualTo(Light.GREEN);
        assertThat(a.clockStopped()).isTrue();
        assertThat(a.elapsedShare()).isEqualTo(0.25);
        assertThat(a.nextChangeAt()).isNull();
        assertThat(a.deadline()).isAfter(at("2026-04-20T12:00"));
    }

    @Test
    void aSpecialProcedureWithAKnownEndStopsTheClockUntilThen() {
        ClockStop extension = new ClockStop(at("2026-03-09T00:00"), at("2026-03-16T00:00"), "special procedure 1");

        Assessment during = calc.assess(open("2026-03-02T09:00", 10, Unit.WORKING_DAY, extension), at("2026-03-12T10:00"));

        assertThat(during.clockStopped()).isTrue();
        assertThat(during.deadline()).isEqualTo(at("2026-03-24T00:00"));
        assertThat(during.nextChangeAt()).isEqualTo(during.yellowAt());
    }

    @Test
    void turnsYellowExactlyAtNinetyPercent() {
        CaseClock c = open("2026-03-02T09:00", 10, Unit.WORKING_DAY);

        Assessment before = calc.assess(c, at("2026-03-13T23:59:59"));
        Assessment at90 = calc.assess(c, at("2026-03-14T00:00"));

        assertThat(before.light()).isEqualTo(Light.GREEN);
        assertThat(before.elapsedShare()).isLessThan(0.9);
        assertThat(before.nextChangeAt()).isEqualTo(at("2026-03-14T00:00"));
        assertThat(at90.light()).isEqualTo(Light.YELLOW);
        assertThat(at90.elapsedShare()).isEqualTo(0.9);
        assertThat(at90.nextChangeAt()).isEqualTo(at("2026-03-17T00:00"));
    }

    @Test
    void turnsRedExactlyAtTheDeadline() {
        CaseClock c = open("2026-03-02T09:00", 10, Unit.WORKING_DAY);

        assertThat(calc.assess(c, at("2026-03-17T00:00").minusMillis(1)).light()).isEqualTo(Light.YELLOW);
        Assessment red = calc.assess(c, at("2026-03-17T00:00"));
        assertThat(red.light()).isEqualTo(Light.RED);
        assertThat(red.elapsedShare()).isEqualTo(1.0);
        assertThat(red.nextChangeAt()).isNull();
        assertThat(calc.assess(c, at("2026-03-18T12:00")).elapsedShare()).isEqualTo(1.15);
    }

    @Test
    void aCaseCompletedBeforeItsDeadlineIsOnTimeOneCompletedAtItIsLate() {
        Instant accepted = at("2026-03-02T09:00");
        TimeLimit limit = new TimeLimit(10, Unit.WORKING_DAY);
        Instant onTime = at("2026-03-16T18:00");
        Instant late = at("2026-03-17T00:00");

        Assessment a = calc.assess(new CaseClock(accepted, limit, List.of(), onTime, onTime), at("2026-05-01T00:00"));
        Assessment b = calc.assess(new CaseClock(accepted, limit, List.of(), late, late), at("2026-05-01T00:00"));

        assertThat(a.light()).isEqualTo(Light.CLOSED);
        assertThat(a.completedOnTime()).isTrue();
        assertThat(a.handlingDays()).isEqualTo(9.75);
        assertThat(b.light()).isEqualTo(Light.CLOSED);
        assertThat(b.completedOnTime()).isFalse();
        assertThat(b.elapsedShare()).isEqualTo(1.0);
    }

    @Test
    void noLightWithoutAcceptanceOrCommittedLimitAndTheReasonSaysWhich() {
        Assessment noAcceptance = calc.assess(new CaseClock(null, new TimeLimit(5, Unit.WORKING_DAY), List.of(), null, null),
                at("2026-03-02T09:00"));
        Assessment noLimit = calc.assess(new CaseClock(at("2026-03-02T09:00"), null, List.of(), null, null), at("2026-03-20T09:00"));

        assertThat(noAcceptance.light()).isEqualTo(Light.NONE);
        assertThat(noAcceptance.reason()).contains("acceptedAt");
        assertThat(noLimit.light()).isEqualTo(Light.NONE);
        assertThat(noLimit.reason()).contains("promisedLimit");
        assertThat(noLimit.deadline()).isNull();
    }

    @Test
    void aDayOutsideTheShippedYearsFallsBackToMondayToFriday() {
        // Fri 1 Nov 2030 accepted; Mon 4 to Fri 8 Nov are days 1-5
        Assessment a = calc.assess(open("2030-11-01T09:00", 5, Unit.WORKING_DAY), at("2030-11-05T00:00"));

        assertThat(a.deadline()).isEqualTo(at("2030-11-09T00:00"));
        assertThat(a.elapsedShare()).isEqualTo(0.2);
    }

    @Test
    void aLimitOfZeroDaysEndsWithTheDayOfAcceptance() {
        CaseClock c = open("2026-03-02T09:00", 0, Unit.WORKING_DAY);

        assertThat(calc.assess(c, at("2026-03-02T18:00")).light()).isEqualTo(Light.GREEN);
        assertThat(calc.assess(c, at("2026-03-03T00:00")).light()).isEqualTo(Light.RED);
    }
}
