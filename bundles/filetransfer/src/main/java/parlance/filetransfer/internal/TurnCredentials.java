package parlance.filetransfer.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials of the "TURN REST API" draft (draft-uberti-behave-turn-rest-00 §2.2), the scheme
 * coturn accepts with {@code use-auth-secret}: username {@code <expiry unix time>:<bare JID>}, password
 * base64(HMAC-SHA1(shared secret, username)).
 */
record TurnCredentials(String username, String password, long expiresEpochSecond) {

    static TurnCredentials of(String secret, String user, long expiresEpochSecond) {
        String username = expiresEpochSecond + ":" + user;
        return new TurnCredentials(username, password(secret, username), expiresEpochSecond);
    }

    static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
