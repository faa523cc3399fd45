package parlance.stream.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Creates a self-signed X.509 v3 certificate (RFC 5280 §4.1) for one domain: an EC P-256 key, signed with
 * ecdsa-with-SHA256 (RFC 5758 §3.2), subject CN and a subjectAltName dNSName for the domain (RFC 6125 §6.4,
 * RFC 6120 §13.7.1.2), valid ten years, extended key usage serverAuth. Only java.security, no BouncyCastle.
 */
public final class SelfSignedCertificates {
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String EXT_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private SelfSignedCertificates() {
    }

    /** A generated certificate and its key. */
    public static final class Generated {
        public final X509Certificate certificate;
        public final KeyPair keyPair;

        Generated(X509Certificate certificate, KeyPair keyPair) {
            this.certificate = certificate;
            this.keyPair = keyPair;
        }
    }

    public static Generated generate(String domain, SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair keys = kpg.generateKeyPair();

        byte[] sigAlg = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(domain))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        byte[] validity = Der.sequence(Der.time(now.minusDays(1)), Der.time(now.plusYears(10)));
        byte[] serial = Der.integer(new BigInteger(127, random).add(BigInteger.ONE));
        byte[] san = Der.sequence(Der.context(2, false, domain.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] extensions = Der.sequence(
                Der.sequence(Der.oid(BASIC_CONSTRAINTS), Der.bool(true), Der.octetString(Der.sequence())),
                Der.sequence(Der.oid(EXT_KEY_USAGE), Der.octetString(Der.sequence(Der.oid(SERVER_AUTH)))),
                Der.sequence(Der.oid(SUBJECT_ALT_NAME), Der.octetString(san)));
        byte[] tbs = Der.sequence(
                Der.context(0, true, Der.integer(2)),
                serial, sigAlg, name, validity, name,
                keys.getPublic().getEncoded(),
                Der.context(3, true, extensions));

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate(), random);
        signer.update(tbs);
        byte[] cert = Der.sequence(tbs, sigAlg, Der.bitString(signer.sign()));
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert));
        x509.verify(keys.getPublic());
        return new Generated(x509, keys);
    }

    /** Generates a certificate and writes {@code <domain>.crt} and {@code <domain>.key} (PKCS#8) as PEM. */
    public static Generated writePem(Path dir, String domain, SecureRandom random)
            throws GeneralSecurityException, IOException {
        Generated g = generate(domain, random);
        Files.createDirectories(dir);
        Path key = dir.resolve(domain + ".key");
        Pem.writePrivate(key, Pem.encode("PRIVATE KEY", g.keyPair.getPrivate().getEncoded()));
        Files.writeString(dir.resolve(domain + ".crt"), Pem.encode("CERTIFICATE", g.certificate.getEncoded()));
        return g;
    }

    static String ecPublicKeyOid() {
        return EC_PUBLIC_KEY;
    }
}
