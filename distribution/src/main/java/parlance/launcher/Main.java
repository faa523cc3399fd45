package parlance.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Starts Parlance: prepares {@code parlance.home}, then runs the Felix framework with the bundles embedded in this
 * jar (the resolved {@code parlance.bndrun}). The bundle cache under {@code <home>/cache} is reused while the
 * embedded bundle set is unchanged, so later starts install nothing. SIGTERM or Ctrl-C stops the framework, which
 * stops bundles by descending start level: listeners first, storage last.
 */
public final class Main {
    /** Time a clean stop may take before the JVM exits anyway (the contract is 5 s). */
    static final long STOP_MILLIS = 4500;

    /** Held so that the level set below stays in force (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger SPIFLY_JUL = java.util.logging.Logger.getLogger("org.apache.aries.spifly");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Paths.get(System.getProperty("parlance.home", "parlance-home")).toAbsolutePath().normalize();
        System.setProperty("parlance.home", home.toString());
        boolean shell = Boolean.getBoolean("parlance.shell");
        SPIFLY_JUL.setLevel(java.util.logging.Level.WARNING);
        String heap = HeapTuning.apply();
        if (heap != null) {
            System.err.println(heap);
        }
        HomeLayout layout = HomeLayout.prepare(home);
        Embedded embedded = Embedded.open(Main.class);
        layout.seedDeploy(embedded);
        System.setProperty("logback.configurationFile",
                System.getProperty("logback.configurationFile", layout.logbackConfig().toString()));

        String fingerprint = embedded.fingerprint() + (shell ? "+shell" : "");
        boolean fresh = !fingerprint.equals(layout.readFingerprint());
        Framework framework = new FrameworkFactory().newFramework(frameworkProperties(layout, fresh, shell));
        framework.init();
        ServiceUseSweep.install(framework);
        if (fresh) {
            installAll(framework.getBundleContext(), embedded, shell);
        }
        Thread hook = new Thread(() -> stop(framework), "parlance-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        framework.start();
        if (fresh) {
            layout.writeFingerprint(fingerprint);
        }
        FrameworkEvent event = framework.waitForStop(0);
        if (event.getType() == FrameworkEvent.ERROR) {
            System.err.println("Parlance stopped with an error: " + event.getThrowable());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.exit(event.getType() == FrameworkEvent.ERROR ? 1 : 0);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting (SIGTERM): the hook finishes the stop
        }
    }

    static Map<String, String> frameworkProperties(HomeLayout layout, boolean fresh, boolean shell) {
        Map<String, String> p = new HashMap<>();
        p.put("org.osgi.framework.storage", layout.cache().toString());
        if (fresh) {
            p.put("org.osgi.framework.storage.clean", "onFirstInit");
        }
        p.put("org.osgi.framework.system.packages.extra", "sun.misc");
        p.put("org.osgi.framework.startlevel.beginning", String.valueOf(StartLevels.BEGINNING));
        p.put("felix.startlevel.bundle", String.valueOf(StartLevels.DEPLOYED));
        p.put("felix.log.level", "1");
        p.put("parlance.home", layout.home().toString());
        // <home>/deploy/ is watched by FileInstall: a jar dropped there is installed and started, removed it is
        // uninstalled, replaced it is updated. Configuration files are applied by parlance.boot, not FileInstall.
        p.put("felix.fileinstall.dir", layout.deploy().toString());
        p.put("felix.fileinstall.filter", ".*\\.jar");
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.start.level", String.valueOf(StartLevels.DEPLOYED));
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.tmpdir", layout.cache().resolveSibling("fileinstall-tmp").toString());
        p.put("felix.fileinstall.log.level", "2");
        p.put("gosh.args", shell ? "" : "--nointeractive");
        // Jetty starts only once parlance.http has configured it (PID org.apache.felix.http), never on 8080
        p.put("org.apache.felix.http.enable", "false");
        // framework and FileInstall settings can still be given as system properties, for diagnosis
        System.getProperties().forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.startsWith("felix.") || key.startsWith("org.osgi.framework.")) {
                p.put(key, String.valueOf(v));
            }
        });
        return p;
    }

    private static void installAll(BundleContext context, Embedded embedded, boolean shell)
            throws IOException, BundleException {
        for (Embedded.Entry entry : embedded.bundles()) {
            if (!shell && StartLevels.shellOnly(entry.symbolicName())) {
                continue;
            }
            Bundle bundle;
            try (InputStream in = entry.open()) {
                bundle = context.installBundle("parlance:" + entry.name(), in);
            }
            if (entry.fragment()) {
                continue;
            }
            bundle.adapt(BundleStartLevel.class).setStartLevel(StartLevels.of(entry.symbolicName()));
            bundle.start(Bundle.START_ACTIVATION_POLICY);
        }
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(STOP_MILLIS);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("Parlance did not stop within " + TimeUnit.MILLISECONDS.toSeconds(STOP_MILLIS)
                        + " s; exiting anyway");
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("Parlance stop failed: " + e);
        }
    }
}
