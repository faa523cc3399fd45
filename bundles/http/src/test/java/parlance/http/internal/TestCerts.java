package parlance.http.internal;

import parlance.tls.ServerIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed test certificates made by the JDK's own {@code keytool}. */
final class TestCerts {
    static final char[] PASSWORD = "changeit".toCharArray();

    private TestCerts() {
    }

    /** A PKCS#12 file with one key entry for {@code cn}. */
    static Path p12(Path dir, String name, String cn, String keyalg) throws IOException, InterruptedException {
        Path file = dir.resolve(name + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "a", "-keyalg", keyalg, "-dname", "CN=" + cn, "-ext", "SAN=dns:" + cn, "-validity", "30")
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed");
        }
        return file;
    }

    /** Writes {@code <name>.crt} and {@code <name>.key} (PKCS#8 PEM) from a PKCS#12 file. */
    static ServerIdentity pemPair(Path p12, Path dir, String name) throws Exception {
        ServerIdentity id;
        try (InputStream in = Files.newInputStream(p12)) {
            id = ServerIdentity.pkcs12(in, PASSWORD, "test");
        }
        Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", id.chain().get(0).getEncoded()));
        Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", id.key().getEncoded()));
        return id;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static List<String> names(ServerIdentity id) {
        return List.of(id.chain().get(0).getSubjectX500Principal().getName());
    }
}
