package parlance.stream.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificatesTest {
    @TempDir
    Path dir;

    /** RFC 5280 v3 certificate with a dNSName subjectAltName, self-signed, valid about ten years. */
    @Test
    void generatedCertificateNamesTheDomainAndVerifies() throws Exception {
        SelfSignedCertificates.Generated g = SelfSignedCertificates.writePem(dir, "chat.example", new SecureRandom());
        X509Certificate cert = g.certificate;
        assertEquals(3, cert.getVersion());
        assertEquals("CN=chat.example", cert.getSubjectX500Principal().getName());
        List<?> san = cert.getSubjectAlternativeNames().iterator().next();
        assertEquals(2, san.get(0));
        assertEquals("chat.example", san.get(1));
        cert.checkValidity();
        assertTrue(cert.getNotAfter().toInstant().isAfter(Instant.now().plus(3640, ChronoUnit.DAYS)));
        cert.verify(cert.getPublicKey());
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"));

        CertificateStore.Identity id = CertificateStore.load(dir, "chat.example", new char[0]);
        assertEquals(cert, id.chain.get(0));
        assertEquals(32, TlsMaterial.endPointHash(cert).length);
    }

    /** A legacy PKCS#1 "RSA PRIVATE KEY" next to a foreign-named certificate is found and checked. */
    @Test
    void loadsAnRsaPkcs1KeyAndRejectsAMismatchedPair() throws Exception {
        SelfSignedCertificates.Generated g = SelfSignedCertificates.generate("x.example", new SecureRandom());
        Files.writeString(dir.resolve("server.crt"), Pem.encode("CERTIFICATE", g.certificate.getEncoded()));
        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        byte[] pkcs8 = rsa.generateKeyPair().getPrivate().getEncoded();
        // PKCS#8 = SEQ { INT 0, SEQ { OID, NULL }, OCTET STRING pkcs1 }: take the octet string's content
        Der.Tlv seq = Der.Tlv.read(pkcs8, 0);
        Der.Tlv version = seq.firstChild();
        Der.Tlv alg = version.next(seq.end);
        Der.Tlv octets = alg.next(seq.end);
        Files.writeString(dir.resolve("server.key"), Pem.encode("RSA PRIVATE KEY", octets.value()));
        assertNotNull(Pem.privateKey(Files.readString(dir.resolve("server.key"))));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> CertificateStore.load(dir, "x.example", new char[0]));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        Files.writeString(dir.resolve("server.key"), Pem.encode("PRIVATE KEY", g.keyPair.getPrivate().getEncoded()));
        assertEquals(g.certificate, CertificateStore.load(dir, "x.example", new char[0]).chain.get(0));
    }
}
