package org.cityhub.caseflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;

/**
 * The unified service supervision code (统一服务监管码) printed on receipts and typed by
 * citizens to follow their case.
 *
 * <p>Layout, 25 characters: region code (行政区划, 6 digits), the day the hub first saw the
 * case ({@code yyyyMMdd}), 10 characters of the Crockford base32 alphabet
 * {@code 0123456789ABCDEFGHJKMNPQRSTVWXYZ} derived from the department case, and an
 * ISO/IEC 7064 MOD 37,36 check character over the first 24 characters. The check character
 * may be any of {@code 0-9A-Z}, including I, L, O and U.
 *
 * <p>The canonical constructor accepts only the canonical 25-character form; use
 * {@link #parse(String)} for what people type and {@link #derive} to mint a code.
 *
 * @param value the canonical 25-character code
 */
public record SupervisionCode(String value) {

    /** Length of the canonical code. */
    public static final int LENGTH = 25;

    private static final String BODY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int BODY_START = 14;
    private static final int BODY_LENGTH = 10;
    private static final int CHECK_INDEX = 24;
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    /**
     * @param value the canonical code: 25 characters, uppercase, no separators
     * @throws MalformedSupervisionCodeException if {@code value} is not a well-formed code
     */
    public SupervisionCode {
        Objects.requireNonNull(value, "value");
        String problem = problemWith(value);
        if (problem != null) {
            throw new MalformedSupervisionCodeException(problem);
        }
    }

    /**
     * Mints the code of a department case. The same arguments give the same code on every hub
     * node, which is what lets nodes agree on codes without a central counter.
     *
     * @param region           行政区划 code, exactly 6 ASCII digits
     * @param firstSeen        the day the hub first saw the case (kept by the store, so re-ingesting
     *                         the case later reproduces the code)
     * @param department       the department's identifier; must not contain a line break
     * @param departmentCaseNo the department's own case number (办件编号)
     * @param salt             0 normally; the store retries with 1, 2, ... only if the code is
     *                         already taken by another case
     * @return the code
     * @throws IllegalArgumentException if an argument is outside the ranges above
     */
    public static SupervisionCode derive(String region, LocalDate firstSeen, String department,
                                         String departmentCaseNo, int salt) {
        if (region == null || region.length() != 6 || !allAsciiDigits(region, 0, 6)) {
            throw new IllegalArgumentException("region must be exactly 6 digits (行政区划), got "
                    + (region == null ? "null" : describeClipped(region)));
        }
        Objects.requireNonNull(firstSeen, "firstSeen");
        if (firstSeen.getYear() < 0 || firstSeen.getYear() > 9999) {
            throw new IllegalArgumentException("firstSeen must have a 4-digit year, got " + firstSeen);
        }
        if (department == null || department.isBlank()) {
            throw new IllegalArgumentException("department must not be blank");
        }
        // the hashed text is department \n caseNo \n salt; a department without line breaks keeps
        // that text unambiguous, so two different cases can never hash the same input
        if (department.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("department must not contain a line break");
        }
        if (departmentCaseNo == null || departmentCaseNo.isBlank()) {
            throw new IllegalArgumentException("departmentCaseNo must not be blank");
        }
        if (salt < 0) {
            throw new IllegalArgumentException("salt must be 0 or more, got " + salt);
        }
        byte[] hash = sha256(department + "\n" + departmentCaseNo + "\n" + salt);
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (hash[i] & 0xFF);
        }
        bits >>>= 56 - 5 * BODY_LENGTH;
        char[] body = new char[BODY_LENGTH];
        for (int i = BODY_LENGTH - 1; i >= 0; i--) {
            body[i] = BODY_ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        String first24 = region + DATE.format(firstSeen) + new String(body);
        return new SupervisionCode(first24 + Iso7064.checkCharacter(first24));
    }

    /**
     * Reads a code as a citizen types it: surrounding and inner spaces and hyphens are ignored,
     * letters may be lowercase, and full-width characters from a Chinese input method are read
     * as their ASCII forms.
     *
     * @param input the typed code, possibly null
     * @return the code
     * @throws MalformedSupervisionCodeException with a message fit to show to the citizen
     */
    public static SupervisionCode parse(String input) {
        if (input == null) {
            throw new MalformedSupervisionCodeException("supervision code is empty");
        }
        StringBuilder canonical = new StringBuilder(LENGTH + 1);
        int count = 0;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') {
                c = (char) (c - 0xFEE0);
            }
            if (isSeparator(c)) {
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            count++;
            // a hostile megabyte input is only counted, never copied
            if (canonical.length() <= LENGTH) {
                canonical.append(c);
            }
        }
        if (count == 0) {
            throw new MalformedSupervisionCodeException("supervision code is empty");
        }
        if (count != LENGTH) {
            throw new MalformedSupervisionCodeException(
                    "supervision code must be " + LENGTH + " characters, got " + count);
        }
        return new SupervisionCode(canonical.toString());
    }

    /** @return the 6-digit region code (行政区划) */
    public String region() {
        return value.substring(0, 6);
    }

    /** @return the day the hub first saw the case */
    public LocalDate firstSeen() {
        return LocalDate.parse(value.substring(6, BODY_START), DATE);
    }

    /** @return the code in print layout, e.g. {@code 500102-20260421-7K3M9Q2X4B-W} */
    public String grouped() {
        return value.substring(0, 6) + '-' + value.substring(6, BODY_START) + '-'
                + value.substring(BODY_START, CHECK_INDEX) + '-' + value.charAt(CHECK_INDEX);
    }

    /** @return the canonical 25-character code */
    @Override
    public String toString() {
        return value;
    }

    private static String problemWith(String v) {
        if (v.length() != LENGTH) {
            return "supervision code must be " + LENGTH + " characters, got " + v.length();
        }
        for (int i = 0; i < 6; i++) {
            if (!isAsciiDigit(v.charAt(i))) {
                return "character " + (i + 1) + " " + describe(v.charAt(i))
                        + " must be a digit (characters 1-6 are the region code)";
            }
        }
        for (int i = 6; i < BODY_START; i++) {
            if (!isAsciiDigit(v.charAt(i))) {
                return "character " + (i + 1) + " " + describe(v.charAt(i))
                        + " must be a digit (characters 7-14 are the date yyyyMMdd)";
            }
        }
        String date = v.substring(6, BODY_START);
        try {
            LocalDate.parse(date, DATE);
        } catch (DateTimeParseException e) {
            return "characters 7-14 must be a date yyyyMMdd, got " + date;
        }
        for (int i = BODY_START; i < CHECK_INDEX; i++) {
            if (BODY_ALPHABET.indexOf(v.charAt(i)) < 0) {
                return "character " + (i + 1) + " " + describe(v.charAt(i))
                        + " is not allowed (allowed: 0-9 and A-Z except I, L, O, U)";
            }
        }
        char check = v.charAt(CHECK_INDEX);
        if (!isAsciiDigit(check) && (check < 'A' || check > 'Z')) {
            return "character 25 " + describe(check) + " is not allowed (allowed: 0-9 and A-Z)";
        }
        char expected = Iso7064.checkCharacter(v.substring(0, CHECK_INDEX));
        if (check != expected) {
            return "check character is wrong: expected " + expected + ", got " + check + " (mistyped code?)";
        }
        return null;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u00A0' || c == '\u3000'
                || c == '-' || (c >= '\u2010' && c <= '\u2015') || c == '\u2212';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allAsciiDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isAsciiDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // only printable ASCII is quoted; anything else (controls, bidi overrides) is shown as a code point
    private static String describe(char c) {
        return c > 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static String describeClipped(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < Math.min(s.length(), 40); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return b.append(s.length() > 40 ? "...\"" : "\"").toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            // every Java platform is required to provide SHA-256
            throw new IllegalStateException(e);
        }
    }
}
