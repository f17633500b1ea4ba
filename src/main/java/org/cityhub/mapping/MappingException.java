package org.cityhub.mapping;

import org.cityhub.privacy.PersonalData;

/**
 * A record that cannot become a valid case. Deterministic: retrying the same record with the same
 * mapping fails the same way, so it goes to the department's dead-letter queue at once, with the
 * reason an operator needs to fix the mapping or the data.
 *
 * <p>The message goes into dead-letter reasons, SOAP faults, file-drop reports, migration reports and logs,
 * so it never quotes personal data in clear: a value found at a personal field (a party's name, id number or
 * phone, see {@link PersonalData#isPersonalField}) is quoted masked, and any id or mobile number elsewhere in
 * the message (a legacy column quoted by {@code $refuse}, an expression error) is masked too.
 */
public class MappingException extends RuntimeException {

    private final String fieldPath;
    private final String expected;
    private final String actual;

    /**
     * @param fieldPath where in the case (or in the mapping) it failed, e.g. {@code application.submittedAt}
     * @param expected  what was expected there
     * @param actual    what was found, already shortened and free of personal data
     */
    public MappingException(String fieldPath, String expected, String actual) {
        this(fieldPath, PersonalData.maskText(expected), PersonalData.maskValue(fieldPath, actual), true);
    }

    private MappingException(String fieldPath, String expected, String actual, boolean masked) {
        super(fieldPath + ": expected " + expected + (actual == null ? "" : ", got " + actual));
        this.fieldPath = fieldPath;
        this.expected = expected;
        this.actual = actual;
    }

    public MappingException(String fieldPath, String message) {
        super(fieldPath + ": " + PersonalData.maskText(message));
        this.fieldPath = fieldPath;
        this.expected = null;
        this.actual = null;
    }

    public String fieldPath() {
        return fieldPath;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }

    /** Shortens a value for a message so that a huge or hostile value never floods a log or a header. */
    static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String s = String.valueOf(value);
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }
}
