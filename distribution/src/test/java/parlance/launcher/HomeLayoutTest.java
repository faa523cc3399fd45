package parlance.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home folder layout and the one-time seeding of deploy/ with the default optional bundles. */
class HomeLayoutTest {

    @TempDir
    Path tmp;

    @Test
    void firstStartSeedsDeployOnceAndLaterStartsLeaveTheAdminsChoice() throws IOException {
        Path jar = tmp.resolve("parlance.jar");
        writeLauncherJar(jar);
        Embedded embedded = Embedded.open(jar);
        assertEquals(List.of("parlance.boot", "parlance.router"),
                embedded.bundles().stream().map(Embedded.Entry::symbolicName).toList(), "ordered by start level");
        assertEquals(1, embedded.seeds().size());

        Path home = tmp.resolve("home");
        HomeLayout first = HomeLayout.prepare(home);
        first.seedDeploy(embedded);
        Path seeded = home.resolve("deploy/parlance.muc-1.0.jar");
        assertTrue(Files.exists(seeded), "the default optional bundle is in deploy/ after the first start");
        assertTrue(Files.exists(home.resolve("etc/logback.xml")), "logging configuration written");

        Files.delete(seeded); // the admin removes the feature
        HomeLayout.prepare(home).seedDeploy(embedded);
        assertFalse(Files.exists(seeded), "a later start does not bring back what the admin removed");
    }

    @Test
    void fingerprintChangesWithTheBundleSet() throws IOException {
        Path a = tmp.resolve("a.jar");
        Path b = tmp.resolve("b.jar");
        writeLauncherJar(a);
        writeLauncherJar(b, "parlance.extra");
        assertEquals(Embedded.open(a).fingerprint(), Embedded.open(a).fingerprint());
        assertFalse(Embedded.open(a).fingerprint().equals(Embedded.open(b).fingerprint()));
    }

    @Test
    void aReusedCacheNeedsNoEmbeddedManifestButAnInstallReportsABadJar() throws IOException {
        Path jar = tmp.resolve("bad.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "bundles/boot.jar", bundle("parlance.boot"));
            put(out, "bundles/plain.jar", "not a bundle".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Embedded embedded = Embedded.open(jar);
        assertFalse(embedded.fingerprint().isEmpty(), "the fingerprint comes from the jar's directory alone");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, embedded::bundles);
        assertTrue(e.getMessage().contains("bundles/plain.jar"), e.getMessage());
    }

    private static void writeLauncherJar(Path jar, String... extraBundles) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "bundles/router.jar", bundle("parlance.router"));
            put(out, "bundles/boot.jar", bundle("parlance.boot"));
            for (String extra : extraBundles) {
                put(out, "bundles/" + extra + ".jar", bundle(extra));
            }
            put(out, "deploy/parlance.muc-1.0.jar", bundle("parlance.muc"));
        }
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static byte[] bundle(String bsn) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new JarOutputStream(bytes, mf)) {
            out.flush();
        }
        return bytes.toByteArray();
    }
}
