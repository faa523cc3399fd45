package parlance.auth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Parsing of the SCRAM client messages (RFC 5802 §7 grammar). Syntax errors become {@code malformed-request}. */
final class ScramMessages {
    private ScramMessages() {
    }

    /** The parsed client-first-message (RFC 5802 §7). */
    static final class ClientFirst {
        /** "n", "y" or "p". */
        final char cbindFlag;
        /** The channel-binding type after "p=", or {@code null}. */
        final String cbindType;
        /** The decoded authzid, or {@code null}. */
        final String authzid;
        /** The gs2-header exactly as sent, including its final comma. */
        final String gs2Header;
        /** client-first-message-bare, as sent. */
        final String bare;
        /** The decoded (not yet prepared) username. */
        final String username;
        final String clientNonce;

        ClientFirst(char cbindFlag, String cbindType, String authzid, String gs2Header, String bare, String username,
                String clientNonce) {
            this.cbindFlag = cbindFlag;
            this.cbindType = cbindType;
            this.authzid = authzid;
            this.gs2Header = gs2Header;
            this.bare = bare;
            this.username = username;
            this.clientNonce = clientNonce;
        }
    }

    /** The parsed client-final-message. */
    static final class ClientFinal {
        final byte[] channelBinding;
        final String nonce;
        final String withoutProof;
        final byte[] proof;

        ClientFinal(byte[] channelBinding, String nonce, String withoutProof, byte[] proof) {
            this.channelBinding = channelBinding;
            this.nonce = nonce;
            this.withoutProof = withoutProof;
            this.proof = proof;
        }
    }

    static ClientFirst parseClientFirst(byte[] message) throws SaslFailure {
        String m = utf8(message);
        int c1 = m.indexOf(',');
        int c2 = c1 < 0 ? -1 : m.indexOf(',', c1 + 1);
        if (c2 < 0) {
            throw SaslFailure.malformed("missing gs2 header");
        }
        String flag = m.substring(0, c1);
        char cbindFlag;
        String cbindType = null;
        if (flag.equals("n") || flag.equals("y")) {
            cbindFlag = flag.charAt(0);
        } else if (flag.startsWith("p=") && flag.length() > 2 && flag.substring(2).matches("[A-Za-z0-9.-]+")) {
            cbindFlag = 'p';
            cbindType = flag.substring(2);
        } else {
            throw SaslFailure.malformed("bad channel-binding flag");
        }
        String az = m.substring(c1 + 1, c2);
        String authzid = null;
        if (!az.isEmpty()) {
            if (!az.startsWith("a=") || az.length() == 2) {
                throw SaslFailure.malformed("bad authzid");
            }
            authzid = saslname(az.substring(2));
        }
        String bare = m.substring(c2 + 1);
        String[] attrs = bare.split(",", -1);
        if (attrs.length < 2) {
            throw SaslFailure.malformed("missing username or nonce");
        }
        if (attrs[0].startsWith("m=")) {
            throw SaslFailure.malformed("mandatory extension not supported");
        }
        if (!attrs[0].startsWith("n=") || attrs[0].length() == 2) {
            throw SaslFailure.malformed("missing username");
        }
        if (!attrs[1].startsWith("r=") || attrs[1].length() == 2 || !printable(attrs[1].substring(2))) {
            throw SaslFailure.malformed("missing or bad nonce");
        }
        checkExtensions(attrs, 2);
        return new ClientFirst(cbindFlag, cbindType, authzid, m.substring(0, c2 + 1), bare,
                saslname(attrs[0].substring(2)), attrs[1].substring(2));
    }

    static ClientFinal parseClientFinal(byte[] message) throws SaslFailure {
        String m = utf8(message);
        int p = m.lastIndexOf(",p=");
        if (p < 0) {
            throw SaslFailure.malformed("missing proof");
        }
        String withoutProof = m.substring(0, p);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")
                || !printable(attrs[1].substring(2))) {
            throw SaslFailure.malformed("missing channel binding or nonce");
        }
        checkExtensions(attrs, 2);
        return new ClientFinal(base64(attrs[0].substring(2)), attrs[1].substring(2), withoutProof,
                base64(m.substring(p + 3)));
    }

    /** saslname decoding (RFC 5802 §5.1): "=2C" is ',', "=3D" is '='; any other '=' or a ',' is an error. */
    static String saslname(String s) throws SaslFailure {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                if (s.startsWith("=2C", i)) {
                    sb.append(',');
                } else if (s.startsWith("=3D", i)) {
                    sb.append('=');
                } else {
                    throw SaslFailure.malformed("bad saslname escape");
                }
                i += 2;
            } else if (c == ',' || c == 0) {
                throw SaslFailure.malformed("bad saslname");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void checkExtensions(String[] attrs, int from) throws SaslFailure {
        for (int i = from; i < attrs.length; i++) {
            String a = attrs[i];
            if (a.length() < 2 || a.charAt(1) != '=' || !Character.isLetter(a.charAt(0))) {
                throw SaslFailure.malformed("bad attribute");
            }
        }
    }

    private static boolean printable(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    static byte[] base64(String s) throws SaslFailure {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw SaslFailure.malformed("bad base64");
        }
    }

    /** Strict UTF-8 decoding: invalid sequences are a syntax error, never replaced. */
    static String utf8(byte[] bytes) throws SaslFailure {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw SaslFailure.malformed("invalid UTF-8");
        }
    }
}
