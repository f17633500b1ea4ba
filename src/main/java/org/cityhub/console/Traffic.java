package org.cityhub.console;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.cityhub.store.CaseActivity;
import org.springframework.stereotype.Component;

/**
 * The overview's traffic chart: case versions the exchange store recorded per minute over the last hour
 * (table {@code case_version}, one row per change the feed hands out), counted at each page load; nothing
 * is sampled or kept on the side. Public, like the console's other view types, because templates read them
 * reflectively.
 */
@Component
public class Traffic {

    static final int MINUTES = 60;

    private final CaseActivity activity;
    private final Clock clock;

    Traffic(CaseActivity activity, Clock clock) {
        this.activity = activity;
        this.clock = clock;
    }

    /** One minute of the chart: its start and the changes recorded in it. */
    public record Minute(OffsetDateTime start, long changes) {
    }

    /** The last hour, oldest minute first; {@code max} scales the bars (at least 1). */
    public record Hour(List<Minute> minutes, long total, long max, OffsetDateTime from, OffsetDateTime to) {

        /** The bar height for a minute in a chart {@code height} high. */
        public long height(Minute m, int height) {
            return Math.round((double) m.changes() * height / max);
        }
    }

    Hour lastHour() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime currentMinute = now.truncatedTo(ChronoUnit.MINUTES);
        OffsetDateTime from = currentMinute.minusMinutes(MINUTES - 1);
        long[] counts = new long[MINUTES];
        for (OffsetDateTime at : activity.recordedSince(from)) {
            long index = Duration.between(from, at).toMinutes();
            if (index >= 0 && index < MINUTES) {
                counts[(int) index]++;
            }
        }
        List<Minute> minutes = new ArrayList<>(MINUTES);
        long total = 0;
        long max = 1;
        for (int i = 0; i < MINUTES; i++) {
            minutes.add(new Minute(from.plusMinutes(i), counts[i]));
            total += counts[i];
            max = Math.max(max, counts[i]);
        }
        return new Hour(minutes, total, max, from, now);
    }
}
