package parlance.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import parlance.api.storage.ScramCredential;

/**
 * The SCRAM primitives of RFC 5802 §2.2 and §3 for one hash function: H, HMAC and Hi (PBKDF2 of RFC 2898 with
 * HMAC as the PRF and dkLen = the hash size), and the derived ClientKey, StoredKey and ServerKey. SHA-1 is
 * RFC 5802, SHA-256 RFC 7677; SHA-512 follows the same construction (draft-melnikov-scram-sha-512).
 */
enum ScramAlgorithm {
    SHA_1("SHA-1", "HmacSHA1"),
    SHA_256("SHA-256", "HmacSHA256"),
    SHA_512("SHA-512", "HmacSHA512");

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private final String hash;
    private final String hmac;

    ScramAlgorithm(String hash, String hmac) {
        this.hash = hash;
        this.hmac = hmac;
    }

    /** The JCA digest name, as {@link ScramCredential#hash()} and the user store use it. */
    String hashName() {
        return hash;
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256} or {@code SCRAM-SHA-256-PLUS}. */
    String mechanismName(boolean plus) {
        return "SCRAM-" + hash + (plus ? "-PLUS" : "");
    }

    byte[] h(byte[] data) {
        try {
            return MessageDigest.getInstance(hash).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash + " unavailable", e);
        }
    }

    byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " unavailable", e);
        }
    }

    /** Hi(str, salt, i) of RFC 5802 §2.2 (PBKDF2 with one output block). */
    byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(hmac);
            // an empty key is not allowed by SecretKeySpec; the prepared password is never empty
            mac.init(new SecretKeySpec(password, hmac));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                // U(i) = HMAC(password, U(i-1)), written over U(i-1): no array per iteration
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " unavailable", e);
        }
    }

    byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, CLIENT_KEY);
    }

    byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, SERVER_KEY);
    }

    /** Derives the stored credential (RFC 5802 §3) from a prepared password; the password is not kept. */
    ScramCredential credential(String preparedPassword, byte[] salt, int iterations) {
        byte[] salted = hi(preparedPassword.getBytes(StandardCharsets.UTF_8), salt, iterations);
        return new ScramCredential(hash, salt, iterations, h(clientKey(salted)), serverKey(salted));
    }

    /** True when {@code preparedPassword} matches {@code credential}; compares in constant time. */
    boolean verify(String preparedPassword, ScramCredential credential) {
        ScramCredential derived = credential(preparedPassword, credential.salt(), credential.iterations());
        boolean stored = MessageDigest.isEqual(derived.storedKey(), credential.storedKey());
        boolean server = MessageDigest.isEqual(derived.serverKey(), credential.serverKey());
        return stored & server;
    }

    static ScramAlgorithm forHash(String hashName) {
        for (ScramAlgorithm a : values()) {
            if (a.hash.equals(hashName)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unsupported hash " + hashName);
    }
}
