package parlance.s2s.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dialback keys as XEP-0185 §3 recommends: {@code HMAC-SHA256(SHA256(secret), receiving + ' ' + originating + ' ' +
 * streamId)} in lower-case hex. The secret is random per start, so keys of a previous run never verify.
 */
final class DialbackKey {
    private final SecretKeySpec key;

    DialbackKey(byte[] secret) {
        try {
            byte[] hashed = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret))
                    .getBytes(StandardCharsets.US_ASCII);
            this.key = new SecretKeySpec(hashed, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static DialbackKey random(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new DialbackKey(secret);
    }

    /** The key the originating server sends in {@code <db:result/>} (XEP-0220 §2.1.1). */
    String generate(String receiving, String originating, String streamId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] text = (receiving + ' ' + originating + ' ' + streamId).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(mac.doFinal(text));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code candidate} is the key for these values (constant-time comparison). */
    boolean verify(String receiving, String originating, String streamId, String candidate) {
        if (candidate == null || streamId == null) {
            return false;
        }
        return MessageDigest.isEqual(generate(receiving, originating, streamId).getBytes(StandardCharsets.US_ASCII),
                candidate.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
