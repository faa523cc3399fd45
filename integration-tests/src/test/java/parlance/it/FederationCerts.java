package parlance.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for the federation tests, made with {@code openssl}: self-signed ones (a peer that authenticates by
 * dialback, XEP-0220) and a test CA with leaf certificates it signs (XEP-0178 SASL EXTERNAL, RFC 6125 identities as
 * subjectAltName dNSName). Each is written as {@code <dir>/<domain>.crt} and {@code <dir>/<domain>.key} (PEM), the
 * layout both Parlance ({@code <home>/etc/tls}) and Prosody ({@code certificates}) read.
 */
final class FederationCerts {
    static final String CA = "federation-test-ca";

    private FederationCerts() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/openssl"));
    }

    /** A self-signed certificate naming {@code names} (the first is the subject CN and the file name). */
    static Path selfSigned(Path dir, String... names) throws Exception {
        Files.createDirectories(dir);
        String domain = names[0];
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + domain,
                "-addext", "subjectAltName=" + san(names), "-days", "2",
                "-keyout", dir.resolve(domain + ".key").toString(), "-out", dir.resolve(domain + ".crt").toString()));
        return dir.resolve(domain + ".crt");
    }

    /** A CA certificate {@code <dir>/federation-test-ca.crt} (and its key). */
    static Path ca(Path dir) throws Exception {
        Files.createDirectories(dir);
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-subj", "/CN=Parlance federation test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-days", "2", "-keyout", dir.resolve(CA + ".key").toString(),
                "-out", dir.resolve(CA + ".crt").toString()));
        return dir.resolve(CA + ".crt");
    }

    /** A leaf certificate for server {@code names[0]} (and the other names), signed by the CA in {@code caDir}. */
    static Path signed(Path caDir, Path dir, String... names) throws Exception {
        Files.createDirectories(dir);
        String domain = names[0];
        Path csr = dir.resolve(domain + ".csr");
        Path ext = dir.resolve(domain + ".ext");
        run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + domain,
                "-keyout", dir.resolve(domain + ".key").toString(), "-out", csr.toString()));
        // servers present these certificates both as TLS servers and as TLS clients (RFC 6120 §13.7.1.2)
        Files.writeString(ext, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=" + san(names) + "\n");
        run(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", caDir.resolve(CA + ".crt").toString(),
                "-CAkey", caDir.resolve(CA + ".key").toString(), "-CAcreateserial", "-days", "2", "-sha256",
                "-extfile", ext.toString(), "-out", dir.resolve(domain + ".crt").toString()));
        Files.delete(csr);
        Files.delete(ext);
        return dir.resolve(domain + ".crt");
    }

    private static String san(String... names) {
        List<String> dns = new ArrayList<>();
        for (String n : names) {
            dns.add("DNS:" + n);
        }
        return String.join(",", dns);
    }

    static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + out);
        }
    }
}
