package org.cityhub.console;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How the console writes times: China time, to the second, whatever offset the store returned them in.
 * Handed to every template as {@code fmt}; public because templates call it reflectively.
 */
public final class ConsoleFormat {

    /** The district's time zone: ops staff read local times. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    public String time(OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(ZONE).format(TIME);
    }

    public String minute(OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(ZONE).format(MINUTE);
    }

    /** An instant (a connector's last poll), written like {@link #time(OffsetDateTime)}. */
    public String instant(java.time.Instant t) {
        return t == null ? "" : t.atZone(ZONE).format(TIME);
    }

    /** A share of a time limit (1.0 = the whole limit) as a whole percentage. */
    public String percent(Double share) {
        return share == null ? "" : Math.round(share * 100) + " %";
    }

    /** A lag in seconds as days, hours, minutes and seconds (the largest two parts). */
    public String duration(Long seconds) {
        if (seconds == null) {
            return "";
        }
        long s = Math.max(0, seconds);
        long d = s / 86_400;
        long h = s % 86_400 / 3_600;
        long m = s % 3_600 / 60;
        long sec = s % 60;
        if (d > 0) {
            return d + " d " + h + " h";
        }
        if (h > 0) {
            return h + " h " + m + " min";
        }
        return m > 0 ? m + " min " + sec + " s" : sec + " s";
    }

    /** An ISO-8601 time as a case document carries it, written like {@link #time}; other text as it is. */
    public String time(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "";
        }
        try {
            return time(OffsetDateTime.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }
}
