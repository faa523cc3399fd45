package parlance.stream.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM (RFC 7468) reading and writing: certificates, PKCS#8 private keys (RFC 5208), and the legacy PKCS#1 RSA
 * (RFC 8017 App. A.1.2) and SEC1 EC (RFC 5915) key blocks, which are wrapped into PKCS#8 here.
 */
final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----", Pattern.DOTALL);
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";

    private Pem() {
    }

    static String encode(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    static void writePrivate(Path file, String pem) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, pem);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The certificates in a PEM text, in order (leaf first by convention). */
    static List<X509Certificate> certificates(String text) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if ("CERTIFICATE".equals(m.group(1))) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
            }
        }
        return out;
    }

    /** The first private key in a PEM text, or {@code null} when there is none. */
    static PrivateKey privateKey(String text) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der = decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY":
                    return pkcs8(der);
                case "RSA PRIVATE KEY":
                    return pkcs8(Der.sequence(Der.integer(0), Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nul()),
                            Der.octetString(der)));
                case "EC PRIVATE KEY":
                    return pkcs8(wrapSec1(der));
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException("encrypted PEM keys are not supported; use PKCS#12");
                default:
                    break;
            }
        }
        return null;
    }

    /** RFC 5915 §3: ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters, [1] publicKey }. */
    private static byte[] wrapSec1(byte[] sec1) throws GeneralSecurityException {
        Der.Tlv seq = Der.Tlv.read(sec1, 0);
        byte[] curve = null;
        for (Der.Tlv t = seq.firstChild(); t != null; t = t.next(seq.end)) {
            if (t.tag == 0xa0) {
                Der.Tlv oid = t.firstChild();
                curve = Der.tlv(oid.tag, oid.value());
            }
        }
        if (curve == null) {
            throw new GeneralSecurityException("EC key without named curve");
        }
        return Der.sequence(Der.integer(0), Der.sequence(Der.oid(SelfSignedCertificates.ecPublicKeyOid()), curve),
                Der.octetString(sec1));
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key", last);
    }

    private static byte[] decode(String body) {
        return Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
    }
}
