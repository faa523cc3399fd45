package parlance.admin.internal;

import parlance.tls.ServerIdentity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.admin.internal.Operations.OperationException;

/** Certificate uploads of the console: PEM and PKCS#12 parsing, validation, and the files written to etc/tls. */
class CertificateFilesTest {
    @TempDir
    Path tmp;

    /** A PKCS#12 made by the JDK's keytool; {@code start} as keytool's -startdate (e.g. "-10d"), or null. */
    private byte[] p12(String name, String cn, String start, int days) throws IOException, InterruptedException {
        Path file = tmp.resolve(name + ".p12");
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-keystore",
                file.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "a", "-keyalg", "EC",
                "-dname", "CN=" + cn, "-ext", "SAN=dns:" + cn, "-validity", String.valueOf(days)));
        if (start != null) {
            cmd.add("-startdate");
            cmd.add(start);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool");
        return Files.readAllBytes(file);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void pkcs12UploadIsInstalledAsTheDomainPemPairKeepingTheOldFiles() throws Exception {
        Path tls = Files.createDirectories(tmp.resolve("etc/tls"));
        Files.writeString(tls.resolve("example.org.crt"), "old cert");
        Files.writeString(tls.resolve("example.org.key"), "old key");
        CertificateFiles files = new CertificateFiles(tls, "example.org");
        ServerIdentity id = CertificateFiles.parse(p12("new", "xmpp.example.org", null, 30), null, "changeit");
        Map<String, Object> leaf = files.install(id);

        assertEquals("CN=xmpp.example.org", leaf.get("subject"));
        assertEquals("old cert", Files.readString(tls.resolve("example.org.crt.bak")));
        assertEquals("old key", Files.readString(tls.resolve("example.org.key.bak")));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("example.org.key"))));
        // the written pair reads back as the same identity, as the c2s listener will read it
        String crt = Files.readString(tls.resolve("example.org.crt"));
        assertEquals(id.chain(), ServerIdentity.certificates(crt));
        assertEquals(id.key(), ServerIdentity.privateKey(Files.readString(tls.resolve("example.org.key"))));

        List<Map<String, Object>> listed = files.list();
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(List.of("DNS:xmpp.example.org"), listed.get(0).get("subjectAltNames"));
        assertEquals(leaf.get("sha256"), listed.get(0).get("sha256"));
        assertEquals(false, listed.get(0).get("expired"));
    }

    @Test
    void pemWithChainAndKeyInOneFileIsAccepted() throws Exception {
        ServerIdentity src = CertificateFiles.parse(p12("src", "example.org", null, 30), null, "changeit");
        String pem = pem("CERTIFICATE", src.chain().get(0).getEncoded()) + pem("PRIVATE KEY", src.key().getEncoded());
        ServerIdentity id = CertificateFiles.parse(pem.getBytes(StandardCharsets.US_ASCII), null, null);
        CertificateFiles.validate(id, java.time.Instant.now());
        assertEquals(src.chain().get(0), id.chain().get(0));
    }

    @Test
    void aKeyOfAnotherCertificateIsRejected() throws Exception {
        ServerIdentity a = CertificateFiles.parse(p12("a", "example.org", null, 30), null, "changeit");
        ServerIdentity b = CertificateFiles.parse(p12("b", "example.org", null, 30), null, "changeit");
        String cert = pem("CERTIFICATE", a.chain().get(0).getEncoded());
        ServerIdentity mixed = CertificateFiles.parse(cert.getBytes(StandardCharsets.US_ASCII),
                pem("PRIVATE KEY", b.key().getEncoded()), null);
        Path tls = tmp.resolve("etc/tls");
        OperationException e = assertThrows(OperationException.class,
                () -> new CertificateFiles(tls, "example.org").install(mixed));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertFalse(Files.exists(tls.resolve("example.org.crt")), "nothing written");
    }

    @Test
    void anExpiredCertificateAWrongPasswordAndAKeylessPemAreRejected() throws Exception {
        ServerIdentity old = CertificateFiles.parse(p12("old", "example.org", "-10d", 2), null, "changeit");
        OperationException expired = assertThrows(OperationException.class,
                () -> new CertificateFiles(tmp, "example.org").install(old));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());

        byte[] p12 = p12("p", "example.org", null, 30);
        assertEquals(400, assertThrows(OperationException.class,
                () -> CertificateFiles.parse(p12, null, "wrong")).status());
        String certOnly = pem("CERTIFICATE", old.chain().get(0).getEncoded());
        OperationException noKey = assertThrows(OperationException.class,
                () -> CertificateFiles.parse(certOnly.getBytes(StandardCharsets.US_ASCII), null, null));
        assertTrue(noKey.getMessage().contains("private key"), noKey.getMessage());
    }
}
