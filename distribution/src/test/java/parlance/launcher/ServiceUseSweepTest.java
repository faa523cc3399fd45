package parlance.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/** A bundle that used a service and was uninstalled leaves no record in the real Felix service registry. */
class ServiceUseSweepTest {

    @TempDir
    Path tmp;

    private Framework framework;
    private ServiceUseSweep sweep;

    @BeforeEach
    void start() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of("org.osgi.framework.storage", tmp.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        framework.start();
        framework.getBundleContext().registerService(Runnable.class, () -> { }, null);
        sweep = ServiceUseSweep.of(framework);
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(5000);
    }

    @Test
    void anUninstalledBundleThatReleasedItsServicesIsLetGo() throws Exception {
        Bundle user = installUserOfRunnable("plugin");
        user.uninstall();
        assertTrue(sweep.holds(user), "Felix itself keeps the released record of the uninstalled bundle");

        assertEquals(1, sweep.sweep());
        assertFalse(sweep.holds(user), "the uninstalled bundle is no longer referenced by the registry");
    }

    @Test
    void installedBundlesKeepTheirRecords() throws Exception {
        Bundle stopped = installUserOfRunnable("stopped");
        Bundle running = installUserOfRunnable("running");
        running.start();
        BundleContext context = running.getBundleContext();
        ServiceReference<Runnable> ref = context.getServiceReference(Runnable.class);
        assertNotNull(context.getService(ref));

        assertEquals(0, sweep.sweep());
        assertTrue(sweep.holds(stopped), "a stopped but installed bundle is not the sweep's business");
        assertTrue(sweep.holds(running));
        context.ungetService(ref);
    }

    @Test
    void installedAsTheLauncherDoesItSweepsAfterEachUninstallation() throws Exception {
        assertNotNull(ServiceUseSweep.install(framework));
        Bundle user = installUserOfRunnable("plugin");
        user.uninstall();
        // bundle events are delivered on Felix's event thread
        for (int i = 0; i < 500 && sweep.holds(user); i++) {
            Thread.sleep(10);
        }
        assertFalse(sweep.holds(user), "the record of the uninstalled bundle is gone");
    }

    /** Installs and starts a bundle that gets and releases the Runnable service, then stops it. */
    private Bundle installUserOfRunnable(String name) throws Exception {
        Bundle b = framework.getBundleContext().installBundle("test:" + name, new ByteArrayInputStream(bundle(name)));
        b.start();
        BundleContext context = b.getBundleContext();
        ServiceReference<Runnable> ref = context.getServiceReference(Runnable.class);
        assertNotNull(context.getService(ref));
        context.ungetService(ref);
        b.stop();
        return b;
    }

    private static byte[] bundle(String name) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "test." + name);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            // the manifest is the whole bundle
        }
        return out.toByteArray();
    }
}
