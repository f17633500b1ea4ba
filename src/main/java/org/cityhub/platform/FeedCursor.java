package org.cityhub.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque change-feed cursor: base64url of {@code v1:<seq>}. Opaque so that the feed can change
 * its position format without breaking clients; strictly parsed so that a crafted cursor is a clear
 * 400, never a database error.
 */
final class FeedCursor {

    private static final String PREFIX = "v1:";

    private FeedCursor() {
    }

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The sequence number after which to read; 0 for an absent cursor (the start of the feed). */
    static long decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        if (cursor.length() > 40) {
            throw malformed();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (!text.startsWith(PREFIX) || text.length() == PREFIX.length() || text.length() > PREFIX.length() + 18) {
            throw malformed();
        }
        String digits = text.substring(PREFIX.length());
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw malformed();
            }
        }
        return Long.parseLong(digits);
    }

    private static ApiProblem malformed() {
        return ApiProblem.badRequest("Malformed cursor",
                "after: not a cursor this API issued; pass the nextCursor of a previous page, or leave it out to start at the beginning");
    }
}
