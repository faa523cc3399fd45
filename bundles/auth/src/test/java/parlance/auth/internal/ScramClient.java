package parlance.auth.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The client side of SCRAM (RFC 5802 §3) for full exchanges; shares only the primitives the RFC vectors check. */
final class ScramClient {
    private final ScramAlgorithm algorithm;
    private final String gs2Header;
    private final byte[] cbData;
    private final String clientFirstBare;
    private final String password;
    private byte[] serverSignature;

    ScramClient(ScramAlgorithm algorithm, String gs2Header, byte[] cbData, String user, String nonce,
            String password) {
        this.algorithm = algorithm;
        this.gs2Header = gs2Header;
        this.cbData = cbData;
        this.clientFirstBare = "n=" + user + ",r=" + nonce;
        this.password = password;
    }

    byte[] first() {
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    byte[] fin(byte[] serverFirstBytes) {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        Map<Character, String> attrs = new HashMap<>();
        for (String a : serverFirst.split(",")) {
            attrs.put(a.charAt(0), a.substring(2));
        }
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] cbind = new byte[header.length + cbData.length];
        System.arraycopy(header, 0, cbind, 0, header.length);
        System.arraycopy(cbData, 0, cbind, header.length, cbData.length);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + attrs.get('r');
        byte[] salted = algorithm.hi(password.getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(attrs.get('s')), Integer.parseInt(attrs.get('i')));
        byte[] clientKey = algorithm.clientKey(salted);
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] signature = algorithm.hmac(algorithm.h(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        serverSignature = algorithm.hmac(algorithm.serverKey(salted), authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    /** Checks the server's v= (RFC 5802 §3: the client authenticates the server too). */
    void verifyServer(byte[] additionalData) {
        String v = new String(additionalData, StandardCharsets.UTF_8);
        assertArrayEquals(serverSignature, Base64.getDecoder().decode(v.substring(2)), "server signature");
    }
}
