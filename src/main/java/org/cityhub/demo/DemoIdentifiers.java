package org.cityhub.demo;

/**
 * Valid identifiers for the simulated departments: their check characters computed as GB 11643
 * (resident id), GB 11714 (organisation code) and GB 32100 (unified social credit code) prescribe, so
 * that demo data passes the hub's checks the way real data must.
 */
final class DemoIdentifiers {

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";
    /** The 31 characters of unified social credit codes; a character's value is its index. */
    static final String CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CREDIT_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    private DemoIdentifiers() {
    }

    /** The resident id for 17 digits (region, birth date, sequence): the digits and their check character. */
    static String residentId(String body17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return body17 + ID_CHECK.charAt(sum % 11);
    }

    /**
     * A unified social credit code from its registration prefix (2), region (6) and organisation code body
     * (8 characters); the organisation code's own check character is computed too, so it is valid inside.
     */
    static String creditCode(String prefix, String region, String orgBody) {
        int orgSum = 0;
        for (int i = 0; i < 8; i++) {
            char ch = orgBody.charAt(i);
            orgSum += (Character.isDigit(ch) ? ch - '0' : ch - 'A' + 10) * ORG_WEIGHTS[i];
        }
        int oc = 11 - orgSum % 11;
        return withCreditCheck(prefix + region + orgBody + (oc == 10 ? 'X' : oc == 11 ? '0' : (char) ('0' + oc)));
    }

    /** The 17 characters of a credit code followed by their GB 32100 check character. */
    static String withCreditCheck(String body17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CREDIT_ALPHABET.indexOf(body17.charAt(i)) * CREDIT_WEIGHTS[i];
        }
        return body17 + CREDIT_ALPHABET.charAt((31 - sum % 31) % 31);
    }
}
