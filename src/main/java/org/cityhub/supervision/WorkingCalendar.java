package org.cityhub.supervision;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which days are working days (工作日): Monday to Friday, except the public holidays, plus the adjusted
 * working weekends (调休上班日), as the calendar files of each year say. A day of a year without a file is
 * taken as Monday to Friday, with a warning once per year: a missing file must never stop supervision.
 */
public final class WorkingCalendar {

    private static final Logger log = LoggerFactory.getLogger(WorkingCalendar.class);

    /** One year as its file says. */
    public record Year(int year, boolean provisional, String source, Map<LocalDate, String> holidays,
                       Map<LocalDate, String> workingDays) {
    }

    private final SortedMap<Integer, Year> years;
    private final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    public WorkingCalendar(Map<Integer, Year> years) {
        this.years = Collections.unmodifiableSortedMap(new TreeMap<>(years));
    }

    /** The years with a calendar file. */
    public SortedMap<Integer, Year> years() {
        return years;
    }

    public boolean isWorkingDay(LocalDate day) {
        Year y = years.get(day.getYear());
        if (y == null) {
            if (warned.add(day.getYear())) {
                log.warn("no working-day calendar for {} (calendar/{}.yaml): counting Monday to Friday as working days"
                        + " without public holidays; add the year's file", day.getYear(), day.getYear());
            }
            return !weekend(day);
        }
        if (y.workingDays().containsKey(day)) {
            return true;
        }
        return !weekend(day) && !y.holidays().containsKey(day);
    }

    static boolean weekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
