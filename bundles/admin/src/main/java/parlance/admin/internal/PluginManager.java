package parlance.admin.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Plugins are bundles: lists every bundle, installs and updates uploaded jars, starts, stops, uninstalls, and rolls
 * back. Each jar uploaded through the console is kept as {@code <home>/data/plugins/<bsn>/current.jar}; on update
 * the one before becomes {@code previous.jar}, which "roll back" reinstalls (swapping the two). Bundles the console
 * installed (location {@code parlance-admin:<bsn>}) are reinstalled from {@code current.jar} when the framework cache
 * was reset (a new distribution). The runtime's own bundles are protected (see {@link #isProtected}).
 */
final class PluginManager {
    static final String LOCATION_PREFIX = "parlance-admin:";
    /** Where the launcher installs the runtime's bundles from (see parlance.launcher.Main). */
    static final String RUNTIME_LOCATION_PREFIX = "parlance:bundles/";
    private static final Pattern BSN = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final String CURRENT = "current.jar";
    private static final String PREVIOUS = "previous.jar";

    private final BundleContext context;
    private final Path root;
    private final long maxBytes;

    PluginManager(BundleContext context, Path root, long maxBytes) {
        this.context = context;
        this.root = root;
        this.maxBytes = maxBytes;
    }

    List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            String bsn = b.getSymbolicName();
            m.put("id", b.getBundleId());
            m.put("symbolicName", bsn == null ? "" : bsn);
            String name = b.getHeaders().get(Constants.BUNDLE_NAME);
            m.put("name", name == null ? (bsn == null ? b.getLocation() : bsn) : name);
            m.put("version", b.getVersion().toString());
            m.put("state", state(b));
            m.put("fragment", b.getHeaders().get(Constants.FRAGMENT_HOST) != null);
            m.put("protected", isProtected(b));
            m.put("rollback", bsn != null && validBsn(bsn) && Files.isRegularFile(root.resolve(bsn).resolve(PREVIOUS)));
            m.put("services", services(b));
            out.add(m);
        }
        return out;
    }

    /** The interfaces ({@code objectClass}) of the services a bundle has registered now, sorted; none unless active. */
    static List<String> services(Bundle b) {
        List<String> names = new ArrayList<>();
        ServiceReference<?>[] refs;
        try {
            refs = b.getRegisteredServices();
        } catch (IllegalStateException uninstalled) {
            return names;
        }
        if (refs != null) {
            for (ServiceReference<?> r : refs) {
                Object classes = r.getProperty(Constants.OBJECTCLASS);
                if (classes instanceof String[]) {
                    names.add(String.join(", ", (String[]) classes));
                }
            }
        }
        names.sort(null);
        return names;
    }

    static String state(Bundle b) {
        switch (b.getState()) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            default: return "UNINSTALLED";
        }
    }

    /** Installs (or, when a bundle of that symbolic name exists, updates) an uploaded jar and starts it. */
    Bundle install(InputStream upload) throws IOException, BundleException {
        Path tmp = receive(upload);
        try {
            String bsn = symbolicName(tmp);
            Bundle existing = bySymbolicName(bsn);
            if (existing != null) {
                return replace(existing, tmp);
            }
            Path dir = Files.createDirectories(root.resolve(bsn));
            Path current = dir.resolve(CURRENT);
            Files.move(tmp, current, StandardCopyOption.REPLACE_EXISTING);
            Bundle b;
            try (InputStream in = Files.newInputStream(current)) {
                b = context.installBundle(LOCATION_PREFIX + bsn, in);
            }
            startIfNotFragment(b);
            return b;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Updates bundle {@code id} to an uploaded jar of the same symbolic name, keeping the previous jar. */
    Bundle update(long id, InputStream upload) throws IOException, BundleException {
        Bundle b = modifiable(id);
        Path tmp = receive(upload);
        try {
            if (!symbolicName(tmp).equals(b.getSymbolicName())) {
                throw new BundleException("the jar is not a version of " + b.getSymbolicName());
            }
            return replace(b, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Bundle replace(Bundle b, Path tmp) throws IOException, BundleException {
        if (isProtected(b)) {
            throw new BundleException(b.getSymbolicName() + " cannot be replaced from the console");
        }
        Path dir = Files.createDirectories(root.resolve(b.getSymbolicName()));
        Path current = dir.resolve(CURRENT);
        if (Files.exists(current)) {
            Files.move(current, dir.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, current, StandardCopyOption.REPLACE_EXISTING);
        try (InputStream in = Files.newInputStream(current)) {
            b.update(in);
        }
        startIfNotFragment(b);
        return b;
    }

    /** Reinstalls the jar kept as {@code previous.jar}; the replaced one becomes the previous. */
    Bundle rollback(long id) throws IOException, BundleException {
        Bundle b = modifiable(id);
        Path dir = root.resolve(b.getSymbolicName());
        Path previous = dir.resolve(PREVIOUS);
        if (!Files.isRegularFile(previous)) {
            throw new BundleException("no previous version of " + b.getSymbolicName() + " is kept");
        }
        Path swap = dir.resolve("swap-" + UUID.randomUUID() + ".jar");
        Files.move(previous, swap);
        if (Files.exists(dir.resolve(CURRENT))) {
            Files.move(dir.resolve(CURRENT), previous);
        }
        Files.move(swap, dir.resolve(CURRENT));
        try (InputStream in = Files.newInputStream(dir.resolve(CURRENT))) {
            b.update(in);
        }
        startIfNotFragment(b);
        return b;
    }

    Bundle start(long id) throws BundleException {
        Bundle b = modifiable(id);
        b.start();
        return b;
    }

    Bundle stop(long id) throws BundleException {
        Bundle b = modifiable(id);
        b.stop();
        return b;
    }

    /** Uninstalls; the kept jars of a console-installed plugin go too, so it is not restored on the next start. */
    Bundle uninstall(long id) throws IOException, BundleException {
        Bundle b = modifiable(id);
        b.uninstall();
        String bsn = b.getSymbolicName();
        if (b.getLocation().startsWith(LOCATION_PREFIX) && bsn != null && validBsn(bsn)) {
            Path dir = root.resolve(bsn);
            Files.deleteIfExists(dir.resolve(CURRENT));
            Files.deleteIfExists(dir.resolve(PREVIOUS));
            Files.deleteIfExists(dir);
        }
        return b;
    }

    /** Installs console plugins whose bundles the framework no longer has (its cache was reset). */
    void restore() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String bsn = dir.getFileName().toString();
                Path current = dir.resolve(CURRENT);
                if (!validBsn(bsn) || !Files.isRegularFile(current) || bySymbolicName(bsn) != null
                        || context.getBundle(LOCATION_PREFIX + bsn) != null) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(current)) {
                    startIfNotFragment(context.installBundle(LOCATION_PREFIX + bsn, in));
                } catch (BundleException e) {
                    org.slf4j.LoggerFactory.getLogger(PluginManager.class).warn("Cannot restore plugin {}: {}",
                            bsn, e.getMessage());
                }
            }
        }
    }

    private Bundle modifiable(long id) throws BundleException {
        Bundle b = context.getBundle(id);
        if (b == null) {
            throw new BundleException("no bundle " + id);
        }
        if (isProtected(b)) {
            throw new BundleException(b.getSymbolicName() + " cannot be changed from the console");
        }
        return b;
    }

    /**
     * The runtime itself cannot be changed from the console: the system bundle and every bundle the launcher
     * installed from parlance.jar (location {@code parlance:bundles/...}: listeners, storage, Jetty, the console).
     * Plugins are what was uploaded here or dropped into {@code deploy/}.
     */
    boolean isProtected(Bundle b) {
        return b.getBundleId() == 0 || b.getBundleId() == context.getBundle().getBundleId()
                || b.getLocation().startsWith(RUNTIME_LOCATION_PREFIX);
    }

    Bundle bySymbolicName(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static void startIfNotFragment(Bundle b) throws BundleException {
        if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
            b.start();
        }
    }

    private Path receive(InputStream upload) throws IOException {
        Files.createDirectories(root);
        Path tmp = root.resolve(".upload-" + UUID.randomUUID() + ".jar");
        try (InputStream in = new Limited(upload, maxBytes)) {
            Files.copy(in, tmp);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** The Bundle-SymbolicName of a jar, without directives; refuses a jar that is not a bundle. */
    static String symbolicName(Path jar) throws IOException, BundleException {
        Manifest mf;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            mf = in.getManifest();
        }
        String header = mf == null ? null : mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (header == null) {
            throw new BundleException("not an OSGi bundle (no Bundle-SymbolicName)");
        }
        String bsn = header.split(";", 2)[0].trim();
        if (!validBsn(bsn)) {
            throw new BundleException("unsupported Bundle-SymbolicName " + bsn);
        }
        return bsn;
    }

    static boolean validBsn(String bsn) {
        return BSN.matcher(bsn).matches() && !bsn.startsWith(".");
    }

    /** Fails a stream longer than the upload limit. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0 && --left < 0) {
                throw new IOException("upload larger than the limit");
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                left -= n;
                if (left < 0) {
                    throw new IOException("upload larger than the limit");
                }
            }
            return n;
        }
    }
}
