package parlance.s2s.internal;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * RFC 6125 §6.4 / RFC 6120 §13.7.1.2 identity check of a peer server's certificate against its domain: a
 * {@code dNSName} subjectAltName (exact, or a wildcard as the whole left-most label, §6.4.3) or an
 * {@code id-on-xmppAddr} otherName (RFC 6120 §13.7.1.4) equal to the domain. The subject CN is not consulted.
 */
final class PeerIdentity {
    private static final int OTHER_NAME = 0;
    private static final int DNS_NAME = 2;
    /** id-on-xmppAddr, 1.3.6.1.5.5.7.8.5, as DER OID content bytes. */
    private static final byte[] XMPP_ADDR_OID = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x05};

    private PeerIdentity() {
    }

    static boolean matches(X509Certificate cert, String domain) {
        String want = domain.toLowerCase(Locale.ROOT);
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null) {
            return false;
        }
        for (List<?> n : names) {
            int type = (Integer) n.get(0);
            if (type == DNS_NAME && dnsMatches(String.valueOf(n.get(1)).toLowerCase(Locale.ROOT), want)) {
                return true;
            }
            if (type == OTHER_NAME && n.get(1) instanceof byte[] && want.equals(xmppAddr((byte[]) n.get(1)))) {
                return true;
            }
        }
        return false;
    }

    static boolean dnsMatches(String name, String domain) {
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("*.")) {
            int dot = domain.indexOf('.');
            return dot > 0 && domain.substring(dot + 1).equals(name.substring(2)) && name.indexOf('.', 2) > 0;
        }
        return name.equals(domain);
    }

    /**
     * The UTF8String of an otherName {@code SEQUENCE { type-id OID, [0] EXPLICIT value }} when its type is
     * id-on-xmppAddr, else null.
     */
    static String xmppAddr(byte[] der) {
        try {
            int[] seq = tlv(der, 0);
            if ((der[0] & 0xff) != 0x30 && (der[0] & 0xff) != 0xa0) {
                return null;
            }
            int[] oid = tlv(der, seq[1]);
            if (der[seq[1]] != 0x06 || oid[2] - oid[1] != XMPP_ADDR_OID.length) {
                return null;
            }
            for (int i = 0; i < XMPP_ADDR_OID.length; i++) {
                if (der[oid[1] + i] != XMPP_ADDR_OID[i]) {
                    return null;
                }
            }
            int[] explicit = tlv(der, oid[2]);
            int[] value = tlv(der, explicit[1]);
            if (der[explicit[1]] != 0x0c) {
                return null;
            }
            return new String(der, value[1], value[2] - value[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {tag offset, value start, value end} of the DER element at {@code i}. */
    private static int[] tlv(byte[] d, int i) {
        int len = d[i + 1] & 0xff;
        int start = i + 2;
        if (len > 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int k = 0; k < n; k++) {
                len = (len << 8) | (d[start + k] & 0xff);
            }
            start += n;
        }
        if (start + len > d.length) {
            throw new IllegalArgumentException("truncated");
        }
        return new int[] {i, start, start + len};
    }
}
