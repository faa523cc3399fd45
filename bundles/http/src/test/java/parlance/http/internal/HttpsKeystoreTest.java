package parlance.http.internal;

import parlance.tls.ServerIdentity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversion of the c2s certificate files into the keystore Jetty uses for HTTPS. */
class HttpsKeystoreTest {
    @TempDir
    Path tmp;

    private KeyStore open(HttpsKeystore ks) throws Exception {
        KeyStore store = KeyStore.getInstance(HttpsKeystore.TYPE);
        try (InputStream in = Files.newInputStream(ks.file())) {
            store.load(in, ks.password().toCharArray());
        }
        return store;
    }

    @Test
    void domainPemPairBecomesAnOwnerOnlyKeystoreWithTheSameKeyAndCertificate() throws Exception {
        Path tls = Files.createDirectories(tmp.resolve("etc/tls"));
        ServerIdentity made = TestCerts.pemPair(TestCerts.p12(tmp, "src", "example.org", "EC"), tls, "example.org");
        // another pair sorted first must not win over the domain's pair
        TestCerts.pemPair(TestCerts.p12(tmp, "other", "aaa.example", "RSA"), tls, "aaa");
        ServerIdentity id = ServerIdentity.load(tls, "example.org", new char[0]);
        assertEquals(made.chain().get(0), id.chain().get(0));

        HttpsKeystore ks = new HttpsKeystore(tmp.resolve("data/http"), new SecureRandom());
        ks.write(id);
        KeyStore store = open(ks);
        char[] pw = ks.password().toCharArray();
        assertEquals(made.chain().get(0), store.getCertificate(HttpsKeystore.ALIAS));
        assertArrayEquals(made.key().getEncoded(), store.getKey(HttpsKeystore.ALIAS, pw).getEncoded());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ks.file())));
        Path pwFile = tmp.resolve("data/http/https.password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pwFile)));
        assertEquals(43, ks.password().length());
    }

    @Test
    void aReplacedCertificateIsWrittenOverTheOldKeystoreWithTheSamePassword() throws Exception {
        Path tls = Files.createDirectories(tmp.resolve("etc/tls"));
        TestCerts.pemPair(TestCerts.p12(tmp, "one", "example.org", "RSA"), tls, "example.org");
        HttpsKeystore ks = new HttpsKeystore(tmp.resolve("data/http"), new SecureRandom());
        ks.write(ServerIdentity.load(tls, "example.org", new char[0]));
        String pw = ks.password();
        X509Certificate first = (X509Certificate) open(ks).getCertificate(HttpsKeystore.ALIAS);

        TestCerts.pemPair(TestCerts.p12(tmp, "two", "example.org", "RSA"), tls, "example.org");
        ks.write(ServerIdentity.load(tls, "example.org", new char[0]));
        assertEquals(pw, ks.password());
        X509Certificate second = (X509Certificate) open(ks).getCertificate(HttpsKeystore.ALIAS);
        assertNotEquals(first, second);
        assertNotEquals(ServerIdentity.fingerprint(first), ServerIdentity.fingerprint(second));
        assertEquals(95, ServerIdentity.fingerprint(second).length()); // 32 bytes as XX:XX:...
    }

    @Test
    void pkcs12InTheFolderIsUsedWithTheConfiguredPassword() throws Exception {
        Path tls = Files.createDirectories(tmp.resolve("etc/tls"));
        TestCerts.p12(tls, "server", "example.org", "RSA");
        ServerIdentity id = ServerIdentity.load(tls, "example.org", TestCerts.PASSWORD);
        assertEquals("CN=example.org", id.chain().get(0).getSubjectX500Principal().getName());
        assertThrows(GeneralSecurityException.class, () -> ServerIdentity.load(tls, "example.org", "bad".toCharArray()));
    }

    @Test
    void aCertificateWithoutItsKeyIsRejectedAndAnEmptyFolderHasNoIdentity() throws Exception {
        Path tls = Files.createDirectories(tmp.resolve("etc/tls"));
        assertNull(ServerIdentity.load(tls, "example.org", new char[0]));
        TestCerts.pemPair(TestCerts.p12(tmp, "one", "example.org", "RSA"), tls, "example.org");
        Files.delete(tls.resolve("example.org.key"));
        assertThrows(GeneralSecurityException.class, () -> ServerIdentity.load(tls, "example.org", new char[0]));
    }
}
