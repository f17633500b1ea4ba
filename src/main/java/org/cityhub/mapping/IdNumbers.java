package org.cityhub.mapping;

import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;

/**
 * Checks for the two identifiers that carry their own check character: the resident identity
 * number (GB 11643-1999) and the unified social credit code (GB 32100-2015).
 *
 * <p>Reasons returned by the {@code whyInvalid...} methods name positions, never the number
 * itself, because an identity number is personal data and reasons end up in logs and error
 * reports. The checks read the string as given; run {@link #normaliseDigits(String)} first on
 * values from hand-edited files.
 */
public final class IdNumbers {

    private static final int[] RESIDENT_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String RESIDENT_CHECK = "10X98765432";
    private static final String CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CREDIT_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private IdNumbers() {
    }

    /**
     * @param s a candidate resident identity number
     * @return true when {@link #whyInvalidResidentId(String)} finds nothing wrong
     */
    public static boolean isValidResidentId(String s) {
        return whyInvalidResidentId(s) == null;
    }

    /**
     * Checks an 18-character resident identity number: 17 digits, a check character
     * ({@code 0-9}, {@code X} or {@code x}) per GB 11643, and a birth date (characters 7-14)
     * that is a real date between 1900-01-01 and today in China.
     *
     * @param s a candidate resident identity number
     * @return null when valid, otherwise why not (without the number itself)
     */
    public static String whyInvalidResidentId(String s) {
        return whyInvalidResidentId(s, LocalDate.now(CHINA));
    }

    // the clock is a parameter so tests can pin "today"
    static String whyInvalidResidentId(String s, LocalDate today) {
        if (s == null) {
            return "is missing";
        }
        if (s.length() != 18) {
            return "must be 18 characters, got " + s.length();
        }
        for (int i = 0; i < 17; i++) {
            if (!isAsciiDigit(s.charAt(i))) {
                return "character " + (i + 1) + " must be a digit";
            }
        }
        char last = s.charAt(17);
        if (!isAsciiDigit(last) && last != 'X' && last != 'x') {
            return "character 18 must be a digit or X";
        }
        int year = number(s, 6, 10);
        int month = number(s, 10, 12);
        int day = number(s, 12, 14);
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            // an impossible date is not anyone's birthday, so quoting it reveals nothing personal
            return "birth date " + s.substring(6, 14) + " is not a date";
        }
        if (year < 1900) {
            return "birth date (characters 7-14) is before 1900";
        }
        if (LocalDate.of(year, month, day).isAfter(today)) {
            return "birth date (characters 7-14) is in the future";
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (s.charAt(i) - '0') * RESIDENT_WEIGHTS[i];
        }
        char expected = RESIDENT_CHECK.charAt(sum % 11);
        if (Character.toUpperCase(last) != expected) {
            return "check character should be " + expected + ", got " + last;
        }
        return null;
    }

    /**
     * @param s a candidate unified social credit code
     * @return true when {@link #whyInvalidCreditCode(String)} finds nothing wrong
     */
    public static boolean isValidCreditCode(String s) {
        return whyInvalidCreditCode(s) == null;
    }

    /**
     * Checks an 18-character unified social credit code: every character from
     * {@code 0-9} and uppercase {@code A-Z} without I, O, S, V, Z, and the last one the
     * GB 32100 check character. The organisation code embedded in characters 9-17 is not
     * checked separately.
     *
     * @param s a candidate credit code
     * @return null when valid, otherwise why not (without the code itself)
     */
    public static String whyInvalidCreditCode(String s) {
        if (s == null) {
            return "is missing";
        }
        if (s.length() != 18) {
            return "must be 18 characters, got " + s.length();
        }
        int sum = 0;
        for (int i = 0; i < 18; i++) {
            int value = CREDIT_ALPHABET.indexOf(s.charAt(i));
            if (value < 0) {
                return "character " + (i + 1)
                        + " is not allowed (allowed: 0-9 and uppercase A-Z except I, O, S, V, Z)";
            }
            if (i < 17) {
                sum += value * CREDIT_WEIGHTS[i];
            }
        }
        int checkValue = 31 - sum % 31;
        char expected = CREDIT_ALPHABET.charAt(checkValue == 31 ? 0 : checkValue);
        if (s.charAt(17) != expected) {
            return "check character should be " + expected + ", got " + s.charAt(17);
        }
        return null;
    }

    /**
     * Turns the full-width forms of ASCII characters (U+FF01 to U+FF5E: {@code ０-９},
     * {@code Ａ-Ｚ}, {@code ａ-ｚ} and punctuation such as {@code ：－／．}) into ASCII, turns the
     * ideographic space U+3000 and the no-break space U+00A0 into plain spaces, and trims.
     * Hand-edited legacy files contain values such as {@code １３８…}.
     *
     * @param s a value, possibly null
     * @return the converted, trimmed value; null for null
     */
    public static String normaliseDigits(String s) {
        if (s == null) {
            return null;
        }
        int first = firstNonAscii(s);
        if (first < 0) {
            return s.trim();
        }
        char[] chars = s.toCharArray();
        for (int i = first; i < chars.length; i++) {
            char c = chars[i];
            if (c >= '\uFF01' && c <= '\uFF5E') {
                chars[i] = (char) (c - 0xFEE0);
            } else if (c == '\u3000' || c == '\u00A0') {
                chars[i] = ' ';
            }
        }
        return new String(chars).trim();
    }

    private static int firstNonAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
