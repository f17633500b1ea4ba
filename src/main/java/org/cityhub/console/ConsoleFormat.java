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
