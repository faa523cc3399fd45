package parlance.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Where the build put the things under test, and small file helpers shared by the integration tests. */
public final class Distribution {
    private Distribution() {
    }

    public static Path jar() {
        return Paths.get(System.getProperty("parlance.jar", "../distribution/target/parlance.jar")).toAbsolutePath();
    }

    /** The resolved runtime bundles of parlance.bndrun, as exported by the distribution build. */
    public static List<Path> runBundles() throws IOException {
        Path dir = Paths.get(System.getProperty("parlance.runbundles", "../distribution/target/export/parlance"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = new ArrayList<>();
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            return jars;
        }
    }

    public static Path sampleJar() {
        return Paths.get(System.getProperty("parlance.sample.jar", "../bundles/sample/target/sample-0.1.0-SNAPSHOT.jar"))
                .toAbsolutePath();
    }

    /**
     * A fresh, empty folder under target/it-work, named for this JVM as well, so that test runs in parallel
     * (several checkouts building at once, or forks) never share or wipe each other's folders.
     */
    public static Path freshDir(String name) throws IOException {
        Path dir = Paths.get(System.getProperty("parlance.it.work", "target/it-work")).toAbsolutePath()
                .resolve(name + "-" + ProcessHandle.current().pid());
        deleteTree(dir);
        Files.createDirectories(dir);
        return dir;
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static String manifestValue(Path jar, String header) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest mf = in.getManifest();
            return mf == null ? null : mf.getMainAttributes().getValue(header);
        }
    }

    /** Copies a bundle jar, replacing or adding main manifest headers (e.g. a new Bundle-Version). */
    public static void rewriteManifest(Path source, Path target, String... headerValuePairs) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            Manifest mf = new Manifest(in.getManifest());
            Attributes main = mf.getMainAttributes();
            for (int i = 0; i < headerValuePairs.length; i += 2) {
                main.putValue(headerValuePairs[i], headerValuePairs[i + 1]);
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), mf)) {
                JarEntry e;
                byte[] buf = new byte[8192];
                while ((e = in.getNextJarEntry()) != null) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    for (int n; (n = in.read(buf)) > 0;) {
                        out.write(buf, 0, n);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
            new java.util.concurrent.atomic.AtomicInteger(20000 + (int) (ProcessHandle.current().pid() % 97) * 100);

    /**
     * A port that is free now, taken below Linux's ephemeral range (32768-60999): a port from that range can be
     * handed to some client's outgoing connection between this check and the server's bind.
     */
    public static int freePort() throws IOException {
        for (int tries = 0; tries < 2000; tries++) {
            int port = NEXT_PORT.getAndIncrement();
            if (port >= 32000) {
                NEXT_PORT.set(20000);
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException inUse) {
                // try the next one
            }
        }
        throw new IOException("no free port below the ephemeral range");
    }

    public static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
