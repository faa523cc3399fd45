package parlance.websocket.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;

/** The opening handshake checks of RFC 6455 §4.2.1/§4.2.2 and the {@code xmpp} subprotocol of RFC 7395 §3.1. */
final class Handshake {
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    static final String SUBPROTOCOL = "xmpp";

    private Handshake() {
    }

    /** {@code Sec-WebSocket-Accept}: base64(SHA-1(key + GUID)) (§4.2.2 item 5.4). */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID)
                    .getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid {@code Sec-WebSocket-Key}: base64 of 16 bytes (§4.1 item 7). */
    static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when a comma-separated header (any of its occurrences) holds {@code token}, ignoring case. */
    static boolean hasToken(Enumeration<String> values, String token) {
        if (values == null) {
            return false;
        }
        while (values.hasMoreElements()) {
            for (String t : values.nextElement().split(",")) {
                if (t.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
