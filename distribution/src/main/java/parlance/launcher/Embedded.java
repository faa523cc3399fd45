package parlance.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** The bundles embedded in parlance.jar: {@code bundles/*.jar} (the runtime) and {@code deploy/*.jar} (seeds). */
final class Embedded {
    /** One embedded bundle jar. */
    final class Entry {
        private final ZipEntry zip;
        private final String symbolicName;
        private final boolean fragment;

        Entry(ZipEntry zip, String symbolicName, boolean fragment) {
            this.zip = zip;
            this.symbolicName = symbolicName;
            this.fragment = fragment;
        }

        String name() {
            return zip.getName();
        }

        String fileName() {
            return zip.getName().substring(zip.getName().lastIndexOf('/') + 1);
        }

        /** The Bundle-SymbolicName; {@code null} for seeds, whose manifests are not read. */
        String symbolicName() {
            return symbolicName;
        }

        boolean fragment() {
            return fragment;
        }

        InputStream open() throws IOException {
            return jar.getInputStream(zip);
        }
    }

    private final JarFile jar;
    private final List<ZipEntry> bundleEntries = new ArrayList<>();
    private final List<Entry> seeds = new ArrayList<>();
    private final long fingerprint;
    private List<Entry> bundles;

    /**
     * Reads the jar's central directory only: the fingerprint comes from the entries' names and CRCs, so a start on
     * an existing home (bundle cache reused) opens none of the embedded jars; their manifests are read when
     * {@link #bundles()} is first asked for, that is when the bundle set has to be installed.
     */
    private Embedded(JarFile jar) throws IOException {
        this.jar = jar;
        long fp = 17;
        for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements();) {
            ZipEntry z = e.nextElement();
            String n = z.getName();
            boolean bundle = n.startsWith("bundles/") && n.endsWith(".jar");
            boolean seed = n.startsWith("deploy/") && n.endsWith(".jar");
            if (!bundle && !seed) {
                continue;
            }
            fp = fp * 31 + n.hashCode();
            fp = fp * 31 + z.getCrc();
            if (bundle) {
                bundleEntries.add(z);
            } else {
                seeds.add(new Entry(z, null, false));
            }
        }
        this.fingerprint = fp;
    }

    private Entry read(ZipEntry z) throws IOException {
        try (JarInputStream in = new JarInputStream(jar.getInputStream(z))) {
            Manifest mf = in.getManifest();
            String bsn = mf == null ? null : mf.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null) {
                throw new IOException("Embedded jar " + z.getName() + " is no OSGi bundle");
            }
            int semi = bsn.indexOf(';');
            boolean fragment = mf.getMainAttributes().getValue("Fragment-Host") != null;
            return new Entry(z, (semi < 0 ? bsn : bsn.substring(0, semi)).trim(), fragment);
        }
    }

    /** The jar that holds {@code anchor}: parlance.jar itself. */
    static Embedded open(Class<?> anchor) throws IOException {
        try {
            return open(Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("Cannot locate parlance.jar", e));
        }
    }

    static Embedded open(Path jar) throws IOException {
        return new Embedded(new JarFile(jar.toFile()));
    }

    /** The runtime bundles in install order (by start level, then name); reads their manifests on first use. */
    List<Entry> bundles() throws IOException {
        if (bundles == null) {
            List<Entry> read = new ArrayList<>();
            for (ZipEntry z : bundleEntries) {
                read.add(read(z));
            }
            read.sort(Comparator.comparingInt((Entry x) -> StartLevels.of(x.symbolicName())).thenComparing(Entry::name));
            bundles = read;
        }
        return bundles;
    }

    /** The default optional bundles, copied into deploy/ on the first start (their manifests are not read). */
    List<Entry> seeds() {
        return seeds;
    }

    String fingerprint() {
        return Long.toHexString(fingerprint);
    }
}
