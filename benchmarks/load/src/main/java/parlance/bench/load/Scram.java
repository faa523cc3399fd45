package parlance.bench.load;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Client side of SCRAM-SHA-1 (RFC 5802 §3, §5) without channel binding ("n,,"). SaltedPassword is cached per
 * (password, salt, iterations) as a real client would, so the generator pays PBKDF2 once per account.
 */
final class Scram {
    private static final ConcurrentHashMap<String, byte[]> SALTED = new ConcurrentHashMap<>();

    private final String user;
    private final String password;
    private final String clientNonce;
    private String authMessage;
    private byte[] serverSignature;

    Scram(String user, String password) {
        this.user = user;
        this.password = password;
        byte[] r = new byte[18];
        ThreadLocalRandom.current().nextBytes(r);
        this.clientNonce = Base64.getEncoder().encodeToString(r);
    }

    String clientFirstBare() {
        return "n=" + user + ",r=" + clientNonce;
    }

    /** Base64 of the client-first-message. */
    String first() {
        return b64("n,," + clientFirstBare());
    }

    /** Base64 of the client-final-message for a base64 server-first-message. */
    String fin(String serverFirstB64) throws GeneralSecurityException {
        String serverFirst = new String(Base64.getDecoder().decode(serverFirstB64.trim()), StandardCharsets.UTF_8);
        String nonce = null;
        String salt = null;
        int iterations = 0;
        for (String part : serverFirst.split(",")) {
            if (part.startsWith("r=")) {
                nonce = part.substring(2);
            } else if (part.startsWith("s=")) {
                salt = part.substring(2);
            } else if (part.startsWith("i=")) {
                iterations = Integer.parseInt(part.substring(2));
            }
        }
        if (nonce == null || salt == null || iterations <= 0 || !nonce.startsWith(clientNonce)) {
            throw new GeneralSecurityException("bad server-first-message " + serverFirst);
        }
        String withoutProof = "c=biws,r=" + nonce;
        authMessage = clientFirstBare() + "," + serverFirst + "," + withoutProof;
        byte[] salted = salted(salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-1").digest(clientKey);
        byte[] clientSignature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
        return b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
    }

    /** Checks the server's v= from the base64 additional data of success (RFC 5802 §3 step 4). */
    boolean verify(String successB64) {
        if (serverSignature == null || successB64 == null || successB64.isBlank()) {
            return false;
        }
        String s = new String(Base64.getDecoder().decode(successB64.trim()), StandardCharsets.UTF_8);
        return s.equals("v=" + Base64.getEncoder().encodeToString(serverSignature));
    }

    private byte[] salted(String salt, int iterations) throws GeneralSecurityException {
        String key = password + '\0' + salt + '\0' + iterations;
        byte[] cached = SALTED.get(key);
        if (cached != null) {
            return cached;
        }
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(salt), iterations, 160);
        byte[] v = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(spec).getEncoded();
        SALTED.put(key, v);
        return v;
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
