package org.cityhub.mapping;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Reads every date/time form that department legacy systems write and renders it as ISO-8601
 * with the China offset, e.g. {@code 2016-04-01T09:30:00+08:00}.
 *
 * <p>Readable forms (full-width digits and punctuation are accepted, surrounding whitespace is
 * ignored): {@value #EXPECTED_FORMS}. Month, day and hour may have one or two digits in the
 * separated forms. A value without a time of day means 00:00:00 that day. A value without an
 * offset is China time; a value with an offset or {@code Z} keeps its instant.
 *
 * <p>This runs per field per record, so it scans the string once by hand instead of trying
 * formatters or regular expressions in turn, and throws only for values it rejects.
 */
public final class LegacyDates {

    /** The offset every result carries. */
    public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    /** The forms named in error messages. */
    public static final String EXPECTED_FORMS = "yyyyMMdd, yyyyMMddHHmmss, yyyyMMdd'T'HHmmss, yyyyMMddHH:mm:ss, "
            + "yyyy-MM-dd, yyyy-MM-dd HH:mm[:ss[.S...]], yyyy-MM-ddTHH:mm[:ss[.S...]][Z|+hh:mm], "
            + "yyyy/M/d[ H:mm[:ss]], yyyy.M.d[ H:mm[:ss]], yyyy年M月d日[ H:mm[:ss]], yyyy年M月d日H时m分[s秒]";

    private static final int MIN_YEAR = 1900;
    private static final int MAX_YEAR = 2100;
    // the longest readable form, 2016-04-01T09:30:00.123456789+08:00, has 35 characters
    private static final int MAX_LENGTH = 40;

    // ISO_OFFSET_DATE_TIME drops ":00" seconds; the platform contract wants them always
    static final DateTimeFormatter ISO_WITH_SECONDS = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .appendOffsetId()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private LegacyDates() {
    }

    /**
     * @param s a legacy date or date/time
     * @return the moment, at offset +08:00
     * @throws IllegalArgumentException if {@code s} is null, blank, in no readable form, or an
     *                                  impossible date/time; the message names the readable forms
     */
    public static OffsetDateTime parse(String s) {
        Reader r = read(s);
        LocalDateTime local = LocalDateTime.of(r.year, r.month, r.day, r.hour, r.minute, r.second, r.nano);
        if (!r.hasOffset) {
            // a fixed +08:00 rather than the Asia/Shanghai rules: the 1986-1991 summer time would
            // otherwise give old date-only values +09:00, and the platform contract says +08:00
            return OffsetDateTime.of(local, CHINA);
        }
        return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(r.offsetSeconds)).withOffsetSameInstant(CHINA);
    }

    /**
     * @param s a legacy date or date/time
     * @return ISO-8601 with seconds and offset, e.g. {@code 2016-04-01T09:30:00+08:00}; a
     *         non-zero fraction of a second is kept
     * @throws IllegalArgumentException as {@link #parse(String)}
     */
    public static String toIso(String s) {
        return iso(parse(s));
    }

    /**
     * The text {@link #ISO_WITH_SECONDS} gives, written by hand: it runs for every date of every record mapped, and the
     * general formatter was most of this class's cost in the ingest's profile (issue 7). {@code LegacyDatesTest} checks
     * the two agree.
     */
    static String iso(OffsetDateTime t) {
        int year = t.getYear();
        if (year < 1000 || year > 9999 || !CHINA.equals(t.getOffset())) {
            return ISO_WITH_SECONDS.format(t);
        }
        StringBuilder b = new StringBuilder(35).append(year).append('-');
        twoDigits(b, t.getMonthValue()).append('-');
        twoDigits(b, t.getDayOfMonth()).append('T');
        twoDigits(b, t.getHour()).append(':');
        twoDigits(b, t.getMinute()).append(':');
        twoDigits(b, t.getSecond());
        int nano = t.getNano();
        if (nano != 0) {
            // the fraction's digits without its trailing zeros, as appendFraction(NANO_OF_SECOND, 0, 9, true) prints it
            String digits = Integer.toString(1_000_000_000 + nano).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(digits, 0, end);
        }
        return b.append("+08:00").toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int value) {
        return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /**
     * @param s a legacy date or date/time
     * @return true when {@code s} is a readable date without a time of day
     * @throws IllegalArgumentException as {@link #parse(String)}, so that an unreadable value is
     *                                  never mistaken for a date/time
     */
    public static boolean isDateOnly(String s) {
        return !read(s).hasTime;
    }

    private static Reader read(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("date/time is empty; expected one of: " + EXPECTED_FORMS);
        }
        if (raw.length() > 4 * MAX_LENGTH) {
            throw unreadable(raw);
        }
        String s = IdNumbers.normaliseDigits(raw);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("date/time is empty; expected one of: " + EXPECTED_FORMS);
        }
        if (s.length() > MAX_LENGTH) {
            throw unreadable(raw);
        }
        Reader r = new Reader(s);
        if (!r.read()) {
            throw unreadable(raw);
        }
        String impossible = r.impossibility();
        if (impossible != null) {
            throw new IllegalArgumentException("impossible date/time " + quote(raw) + ": " + impossible);
        }
        return r;
    }

    private static IllegalArgumentException unreadable(String raw) {
        return new IllegalArgumentException("unreadable date/time " + quote(raw) + "; expected one of: " + EXPECTED_FORMS);
    }

    // error messages go to logs and dead letters: clip and escape whatever the legacy system sent
    private static String quote(String raw) {
        StringBuilder b = new StringBuilder("'");
        int shown = Math.min(raw.length(), MAX_LENGTH);
        for (int i = 0; i < shown; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= '\u2028' && c <= '\u202E')) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(raw.length() > shown ? "...'" : "'").toString();
    }

    /** One pass over a normalised value; fields are filled as the shape is recognised. */
    private static final class Reader {
        private final String s;
        private final int n;
        private int pos;
        int year;
        int month;
        int day;
        int hour;
        int minute;
        int second;
        int nano;
        boolean hasTime;
        boolean hasOffset;
        int offsetSeconds;

        Reader(String s) {
            this.s = s;
            this.n = s.length();
        }

        boolean read() {
            year = digits(4, 4);
            if (year < 0 || pos == n) {
                return false;
            }
            char sep = s.charAt(pos);
            if (isDigit(sep)) {
                return readCompact();
            }
            pos++;
            month = digits(1, 2);
            if (month < 0) {
                return false;
            }
            boolean chinese = sep == '年';
            if (chinese) {
                if (!accept('月')) {
                    return false;
                }
            } else if (sep == '-' || sep == '/' || sep == '.') {
                if (!accept(sep)) {
                    return false;
                }
            } else {
                return false;
            }
            day = digits(1, 2);
            if (day < 0 || (chinese && !accept('日'))) {
                return false;
            }
            if (pos == n) {
                return true;
            }
            boolean separated = false;
            while (pos < n && s.charAt(pos) == ' ') {
                pos++;
                separated = true;
            }
            if (!separated && sep == '-' && accept('T')) {
                separated = true;
            }
            // 2016年4月1日9时30分 is written without a gap; other forms need one before the time
            if (!separated && !chinese) {
                return false;
            }
            return readTime() && readOffset() && pos == n;
        }

        // yyyyMMdd, yyyyMMddHHmmss, yyyyMMdd'T'HHmmss, yyyyMMddHH:mm:ss
        private boolean readCompact() {
            month = digits(2, 2);
            day = digits(2, 2);
            if (month < 0 || day < 0) {
                return false;
            }
            if (n == 8) {
                return true;
            }
            hasTime = true;
            boolean colons = n == 16;
            if (!(n == 14 || (n == 15 && accept('T')) || colons)) {
                return false;
            }
            hour = digits(2, 2);
            if (colons && !accept(':')) {
                return false;
            }
            minute = digits(2, 2);
            if (colons && !accept(':')) {
                return false;
            }
            second = digits(2, 2);
            return hour >= 0 && minute >= 0 && second >= 0 && pos == n;
        }

        // H:mm[:ss[.S...]] or H时m分[s秒]
        private boolean readTime() {
            hasTime = true;
            hour = digits(1, 2);
            if (hour < 0) {
                return false;
            }
            if (accept(':')) {
                minute = digits(2, 2);
                if (minute < 0) {
                    return false;
                }
                if (accept(':')) {
                    second = digits(2, 2);
                    if (second < 0) {
                        return false;
                    }
                    if (accept('.')) {
                        int start = pos;
                        int fraction = digits(1, 9);
                        if (fraction < 0) {
                            return false;
                        }
                        nano = fraction * POWERS_OF_TEN[9 - (pos - start)];
                    }
                }
                return true;
            }
            if (accept('时')) {
                minute = digits(1, 2);
                if (minute < 0 || !accept('分')) {
                    return false;
                }
                if (pos < n && isDigit(s.charAt(pos))) {
                    second = digits(1, 2);
                    return second >= 0 && accept('秒');
                }
                return true;
            }
            return false;
        }

        // Z, ±hh, ±hhmm or ±hh:mm
        private boolean readOffset() {
            if (pos == n) {
                return true;
            }
            hasOffset = true;
            if (accept('Z') || accept('z')) {
                return true;
            }
            char sign = s.charAt(pos);
            if (sign != '+' && sign != '-') {
                return false;
            }
            pos++;
            int hours = digits(2, 2);
            if (hours < 0) {
                return false;
            }
            int minutes = 0;
            if (pos < n) {
                accept(':');
                minutes = digits(2, 2);
                if (minutes < 0) {
                    return false;
                }
            }
            if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
                return false;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
            return true;
        }

        String impossibility() {
            if (year < MIN_YEAR || year > MAX_YEAR) {
                return "year " + year + " is outside " + MIN_YEAR + "-" + MAX_YEAR;
            }
            if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth()) {
                return String.format("%04d-%02d-%02d is not a calendar date", year, month, day);
            }
            if (hour > 23 || minute > 59 || second > 59) {
                return String.format("%02d:%02d:%02d is not a time of day", hour, minute, second);
            }
            return null;
        }

        private int lengthOfMonth() {
            return switch (month) {
                case 2 -> Year.isLeap(year) ? 29 : 28;
                case 4, 6, 9, 11 -> 30;
                default -> 31;
            };
        }

        /** Reads min..max ASCII digits; returns their value, or -1 if fewer than min are there. */
        private int digits(int min, int max) {
            int value = 0;
            int count = 0;
            while (count < max && pos < n && isDigit(s.charAt(pos))) {
                value = value * 10 + (s.charAt(pos) - '0');
                pos++;
                count++;
            }
            return count >= min ? value : -1;
        }

        private boolean accept(char c) {
            if (pos < n && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};
}
