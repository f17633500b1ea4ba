package org.cityhub.caseflow;

/**
 * A supervision code that cannot be a real one: wrong length, impossible date, a character
 * outside its alphabet or a wrong check character. The message says precisely what is wrong
 * and is safe to show to the citizen who typed the code: it quotes at most the eight
 * characters of the date part, never the whole input.
 */
public class MalformedSupervisionCodeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, phrased for the person who typed the code
     */
    public MalformedSupervisionCodeException(String message) {
        super(message);
    }
}
