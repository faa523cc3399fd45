package parlance.http.internal;

import parlance.tls.ServerIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;

/**
 * The keystore Jetty reads for HTTPS ({@code org.apache.felix.https.keystore}): the server identity of
 * {@code <home>/etc/tls} converted into {@code <home>/data/http/https.jks}, with a random password kept in
 * {@code https.password} beside it. Both files are owner-only and replaced atomically. JKS rather than PKCS#12:
 * the password lies next to the file, so PKCS#12's 10,000-round key encryption would protect nothing, and writing
 * and loading it cost a noticeable part of every start.
 */
final class HttpsKeystore {
    static final String ALIAS = "parlance";
    static final String TYPE = "JKS";
    private final Path dir;
    private final SecureRandom random;

    HttpsKeystore(Path dir, SecureRandom random) {
        this.dir = dir;
        this.random = random;
    }

    Path file() {
        return dir.resolve("https.jks");
    }

    /** The keystore password: read from {@code https.password}, created (random, 256 bits) when missing. */
    String password() throws IOException {
        Path f = dir.resolve("https.password");
        if (Files.isRegularFile(f)) {
            String p = Files.readString(f, StandardCharsets.UTF_8).trim();
            if (!p.isEmpty()) {
                return p;
            }
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        String p = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Files.createDirectories(dir);
        writeOwnerOnly(f, p.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    /** Writes the identity as the keystore (key entry {@value #ALIAS}, key password = store password). */
    Path write(ServerIdentity id) throws IOException, GeneralSecurityException {
        char[] pw = password().toCharArray();
        KeyStore ks = KeyStore.getInstance(TYPE);
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, id.key(), pw, id.chain().toArray(new Certificate[0]));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = bytes) {
            ks.store(out, pw);
        }
        writeOwnerOnly(file(), bytes.toByteArray());
        return file();
    }

    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
