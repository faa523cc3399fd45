package parlance.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;
import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * SCRAM-SHA-256 (RFC 7677) and SCRAM-SHA-512 (draft-melnikov-scram-sha-512) for Smack, which ships only SCRAM-SHA-1:
 * RFC 5802 §3, verifying the server signature of the final message. The {@code -PLUS} variants bind to the TLS
 * channel with {@code tls-server-end-point} (RFC 5929 §4.1), which Smack 4.5.0-beta5 computes wrongly for EC
 * certificates (it uses the key algorithm "EC" as the digest name). Usernames in the tests are plain ASCII, so
 * SASLprep is the identity.
 */
public class ScramShaMechanism extends SASLMechanism {
    private final String name;
    private final String digest;
    private final String hmac;
    private final int keyBits;
    private final boolean plus;
    private String clientFirstBare;
    private byte[] serverSignature;
    private boolean verified;

    ScramShaMechanism(String name, String digest, String hmac, int keyBits, boolean plus) {
        this.name = name;
        this.digest = digest;
        this.hmac = hmac;
        this.keyBits = keyBits;
        this.plus = plus;
    }

    public static ScramShaMechanism sha256() {
        return new ScramShaMechanism("SCRAM-SHA-256", "SHA-256", "HmacSHA256", 256, false);
    }

    public static ScramShaMechanism sha512() {
        return new ScramShaMechanism("SCRAM-SHA-512", "SHA-512", "HmacSHA512", 512, false);
    }

    public static ScramShaMechanism sha256Plus() {
        return new ScramShaMechanism("SCRAM-SHA-256-PLUS", "SHA-256", "HmacSHA256", 256, true);
    }

    /** SCRAM-SHA-256-PLUS that sends channel binding data of another channel, as a man in the middle would. */
    public static final class TamperedBinding extends ScramShaMechanism {
        public TamperedBinding() {
            super("SCRAM-SHA-256-PLUS", "SHA-256", "HmacSHA256", 256, true);
        }

        @Override
        byte[] bindingData() throws GeneralSecurityException, javax.net.ssl.SSLPeerUnverifiedException {
            byte[] b = super.bindingData();
            b[0] ^= 1;
            return b;
        }

        @Override
        public int getPriority() {
            return 80;
        }

        @Override
        protected SASLMechanism newInstance() {
            return new TamperedBinding();
        }
    }

    private String gs2Header() {
        return plus ? "p=tls-server-end-point,," : "n,,";
    }

    /** RFC 5929 §4.1: the certificate hashed with its signature's hash, MD5 and SHA-1 replaced by SHA-256. */
    byte[] bindingData() throws GeneralSecurityException, javax.net.ssl.SSLPeerUnverifiedException {
        java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) sslSession.getPeerCertificates()[0];
        String sigAlg = cert.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
        String hash = sigAlg.substring(0, sigAlg.indexOf("WITH")).replace("SHA", "SHA-");
        if (hash.equals("MD5") || hash.equals("SHA-1")) {
            hash = "SHA-256";
        }
        return MessageDigest.getInstance(hash).digest(cert.getEncoded());
    }

    @Override
    protected void authenticateInternal(CallbackHandler cbh) {
        throw new UnsupportedOperationException("callback handlers are not used in these tests");
    }

    @Override
    protected byte[] getAuthenticationText() {
        byte[] nonce = new byte[18];
        new SecureRandom().nextBytes(nonce);
        clientFirstBare = "n=" + authenticationId.replace("=", "=3D").replace(",", "=2C") + ",r="
                + Base64.getEncoder().encodeToString(nonce);
        return (gs2Header() + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
        String text = new String(challenge, StandardCharsets.UTF_8);
        Map<Character, String> attrs = parse(text);
        if (serverSignature != null) { // server-final-message
            byte[] v = Base64.getDecoder().decode(attrs.getOrDefault('v', ""));
            if (!MessageDigest.isEqual(v, serverSignature)) {
                throw new SmackSaslException("server signature does not verify");
            }
            verified = true;
            return null;
        }
        try {
            String nonce = attrs.get('r');
            byte[] salt = Base64.getDecoder().decode(attrs.get('s'));
            int iterations = Integer.parseInt(attrs.get('i'));
            byte[] gs2 = gs2Header().getBytes(StandardCharsets.US_ASCII);
            byte[] cb = plus ? bindingData() : new byte[0];
            byte[] cbind = java.util.Arrays.copyOf(gs2, gs2.length + cb.length);
            System.arraycopy(cb, 0, cbind, gs2.length, cb.length);
            String clientFinalNoProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + nonce;
            String authMessage = clientFirstBare + "," + text + "," + clientFinalNoProof;
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2With" + hmac);
            byte[] salted = f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, keyBits)).getEncoded();
            byte[] clientKey = mac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance(digest).digest(clientKey);
            byte[] clientSignature = mac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            serverSignature = mac(mac(salted, "Server Key"), authMessage);
            return (clientFinalNoProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw new SmackSaslException(e);
        }
    }

    private byte[] mac(byte[] key, String data) throws GeneralSecurityException {
        Mac m = Mac.getInstance(hmac);
        m.init(new SecretKeySpec(key, hmac));
        return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<Character, String> parse(String text) {
        Map<Character, String> m = new HashMap<>();
        for (String part : text.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') {
                m.put(part.charAt(0), part.substring(2));
            }
        }
        return m;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getPriority() {
        return 90;
    }

    @Override
    protected void checkIfSuccessfulOrThrow() throws SmackSaslException {
        if (!verified) {
            throw new SmackSaslException("the server did not prove it knows the password (no verified v=)");
        }
    }

    @Override
    protected SASLMechanism newInstance() {
        return new ScramShaMechanism(name, digest, hmac, keyBits, plus);
    }
}
