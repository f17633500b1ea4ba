package org.cityhub.caseflow;

import java.util.Objects;

/**
 * ISO/IEC 7064 MOD 37,36: the hybrid check character system over the 36 alphanumerics
 * {@code 0-9A-Z}, whose check character is itself one of those 36 characters.
 *
 * <p>It detects every single-character substitution. It detects almost every adjacent
 * transposition, but not all: swapping two characters whose values differ by one modulo 36
 * (such as 0 and 1, or Z and 0) goes unnoticed when the running state happens to line up,
 * about 1 in 600 transpositions of random strings. Callers that print codes for humans
 * should know that limit.
 */
public final class Iso7064 {

    private static final int M = 36;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private Iso7064() {
    }

    /**
     * Computes the check character to append to {@code uppercaseAlnum}.
     *
     * @param uppercaseAlnum one or more characters of {@code 0-9A-Z}
     * @return the check character, one of {@code 0-9A-Z}
     * @throws IllegalArgumentException if the string is empty or holds a character outside {@code 0-9A-Z}
     */
    public static char checkCharacter(String uppercaseAlnum) {
        Objects.requireNonNull(uppercaseAlnum, "uppercaseAlnum");
        if (uppercaseAlnum.isEmpty()) {
            throw new IllegalArgumentException("nothing to compute a check character for: the string is empty");
        }
        int p = runningProduct(uppercaseAlnum, uppercaseAlnum.length());
        // p is in 1..36 (37 is prime, so 2s mod 37 is never 0); this c makes (p + c) mod 36 == 1
        return ALPHABET.charAt((M + 1 - p) % M);
    }

    /**
     * Tells whether the last character of {@code withCheckChar} is the correct check character
     * for the characters before it.
     *
     * @param withCheckChar data characters followed by their check character, all of {@code 0-9A-Z}
     * @return true when the check character matches; false also for strings shorter than 2
     * @throws IllegalArgumentException if the string holds a character outside {@code 0-9A-Z}
     */
    public static boolean isValid(String withCheckChar) {
        Objects.requireNonNull(withCheckChar, "withCheckChar");
        int last = withCheckChar.length() - 1;
        if (last < 1) {
            // a lone character protects nothing; treating it as valid would accept any 1-char input
            if (last == 0) {
                value(withCheckChar, 0);
            }
            return false;
        }
        int p = runningProduct(withCheckChar, last);
        return (p + value(withCheckChar, last)) % M == 1;
    }

    private static int runningProduct(String s, int end) {
        int p = M;
        for (int i = 0; i < end; i++) {
            int sum = (p + value(s, i)) % M;
            if (sum == 0) {
                sum = M;
            }
            p = (2 * sum) % (M + 1);
        }
        return p;
    }

    private static int value(String s, int index) {
        char c = s.charAt(index);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        String shown = c > 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
        throw new IllegalArgumentException(
                "character " + (index + 1) + " " + shown + " is not allowed (allowed: 0-9 and A-Z)");
    }
}
