package org.cityhub.supervision;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The supervision light of a case (CASE-STANDARD.md, "Supervision lights"), a pure function of the case's
 * clock, the working-day calendar and "now".
 *
 * <p>How a limit of N days is counted: as Chinese law counts periods in days (民法典 art. 201), the day of
 * acceptance is not counted; counting starts at 00:00 (China time) of the next day and the limit ends at
 * 24:00 of the N-th counted day. For a limit in working days only working days count (each as a whole
 * day), for calendar days every day. Time while the clock stands still is not counted. The elapsed share
 * is the counted time so far over N whole days; YELLOW from 90%, RED once the deadline is reached (at the
 * deadline itself) and the case is not closed.
 */
public final class LightCalculator {

    /** The time zone of every calendar day. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    /** A limit is never walked further than this: a calendar of nothing but holidays would be a broken file. */
    private static final int MAX_DAYS = 366 * 30;

    private final WorkingCalendar calendar;

    public LightCalculator(WorkingCalendar calendar) {
        this.calendar = calendar;
    }

    public Assessment assess(CaseClock c, Instant now) {
        boolean closed = c.closedAt() != null;
        Instant end = closed ? c.closedAt() : now;
        if (c.acceptedAt() == null) {
            return Assessment.none("not accepted: the case has no acceptance.acceptedAt, the clock has not started", null, closed);
        }
        Double handlingDays = c.completedAt() == null ? null
                : share(counted(c.acceptedAt(), c.completedAt(), stops(c, c.completedAt()), TimeLimit.Unit.WORKING_DAY),
                        DAY_MILLIS);
        if (c.limit() == null) {
            return Assessment.none("no committed time limit: the case has no acceptance.promisedLimit", handlingDays, closed);
        }
        List<Interval> stops = stops(c, end);
        long budget = c.limit().value() * DAY_MILLIS;
        long elapsed = counted(c.acceptedAt(), end, stops, c.limit().unit());
        Instant deadline = reached(c.acceptedAt(), budget, stops, c.limit().unit());
        Instant yellowAt = reached(c.acceptedAt(), budget / 10 * 9, stops, c.limit().unit());
        double share = budget == 0 ? (elapsed > 0 || !end.isBefore(deadline) ? 1.0 : 0.0) : share(elapsed, budget);
        boolean stoppedNow = !closed && c.stops().stream().anyMatch(s -> !now.isBefore(s.from()) && (s.to() == null || now.isBefore(s.to())));
        if (closed) {
            Boolean onTime = c.completedAt() == null ? null : c.completedAt().isBefore(deadline);
            return new Assessment(Light.CLOSED, null, deadline, yellowAt, share, false, null, onTime, handlingDays);
        }
        Light light = !now.isBefore(deadline) ? Light.RED : !now.isBefore(yellowAt) ? Light.YELLOW : Light.GREEN;
        boolean stoppedIndefinitely = c.stops().stream().anyMatch(s -> s.to() == null && !now.isBefore(s.from()));
        Instant next = null;
        if (!stoppedIndefinitely) {
            next = light == Light.GREEN ? yellowAt : light == Light.YELLOW ? deadline : null;
        }
        return new Assessment(light, null, deadline, yellowAt, share, stoppedNow, next, null, null);
    }

    private record Interval(Instant from, Instant to) {
    }

    /** The stops, open ones ending at {@code end}, merged into disjoint intervals in time order. */
    private static List<Interval> stops(CaseClock c, Instant end) {
        List<Interval> raw = new ArrayList<>();
        for (ClockStop s : c.stops()) {
            Instant to = s.to() == null ? end : s.to();
            if (s.to() == null && s.from().isAfter(end)) {
                continue;
            }
            if (to.isAfter(s.from())) {
                raw.add(new Interval(s.from(), to));
            }
        }
        raw.sort(Comparator.comparing(Interval::from));
        List<Interval> merged = new ArrayList<>();
        for (Interval i : raw) {
            if (!merged.isEmpty() && !i.from().isAfter(merged.get(merged.size() - 1).to())) {
                Interval last = merged.remove(merged.size() - 1);
                merged.add(new Interval(last.from(), i.to().isAfter(last.to()) ? i.to() : last.to()));
            } else {
                merged.add(i);
            }
        }
        return merged;
    }

    private boolean counts(LocalDate day, TimeLimit.Unit unit) {
        return unit == TimeLimit.Unit.CALENDAR_DAY || calendar.isWorkingDay(day);
    }

    private static Instant start(Instant acceptedAt) {
        return acceptedAt.atZone(CHINA).toLocalDate().plusDays(1).atStartOfDay(CHINA).toInstant();
    }

    /** Counted milliseconds from the start of counting to {@code end}. */
    private long counted(Instant acceptedAt, Instant end, List<Interval> stops, TimeLimit.Unit unit) {
        long total = 0;
        Instant from = start(acceptedAt);
        LocalDate day = from.atZone(CHINA).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            Instant dayStart = day.atStartOfDay(CHINA).toInstant();
            if (!dayStart.isBefore(end)) {
                break;
            }
            if (!counts(day, unit)) {
                continue;
            }
            Instant dayEnd = day.plusDays(1).atStartOfDay(CHINA).toInstant();
            Instant to = dayEnd.isBefore(end) ? dayEnd : end;
            total += free(dayStart, to, stops);
        }
        return total;
    }

    /** Milliseconds of [from, to) outside every stop. */
    private static long free(Instant from, Instant to, List<Interval> stops) {
        long ms = Duration.between(from, to).toMillis();
        for (Interval s : stops) {
            Instant a = s.from().isAfter(from) ? s.from() : from;
            Instant b = s.to().isBefore(to) ? s.to() : to;
            if (b.isAfter(a)) {
                ms -= Duration.between(a, b).toMillis();
            }
        }
        return ms;
    }

    /** The first instant at which {@code budget} counted milliseconds have passed. */
    private Instant reached(Instant acceptedAt, long budget, List<Interval> stops, TimeLimit.Unit unit) {
        Instant from = start(acceptedAt);
        if (budget == 0) {
            return from;
        }
        long left = budget;
        LocalDate day = from.atZone(CHINA).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!counts(day, unit)) {
                continue;
            }
            Instant t = day.atStartOfDay(CHINA).toInstant();
            Instant dayEnd = day.plusDays(1).atStartOfDay(CHINA).toInstant();
            // walk the day's free segments between the stops
            for (Interval s : stops) {
                if (!s.to().isAfter(t) || !s.from().isBefore(dayEnd)) {
                    continue;
                }
                Instant segEnd = s.from().isAfter(t) ? s.from() : t;
                long len = Duration.between(t, segEnd).toMillis();
                if (left <= len) {
                    return t.plusMillis(left);
                }
                left -= len;
                t = s.to().isBefore(dayEnd) ? s.to() : dayEnd;
            }
            long len = Duration.between(t, dayEnd).toMillis();
            if (left <= len) {
                return t.plusMillis(left);
            }
            left -= len;
        }
        throw new IllegalStateException("a limit of " + budget / DAY_MILLIS + " days does not end within " + MAX_DAYS + " days");
    }

    /** Rounded down to 4 decimals: a case just short of 90% never shows 0.9. */
    private static double share(long part, long whole) {
        return (part * 10_000 / whole) / 10_000.0;
    }

}
