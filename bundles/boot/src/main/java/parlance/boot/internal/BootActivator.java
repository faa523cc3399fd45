package parlance.boot.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the runtime contract before any component starts (this bundle sits at a lower start level than every
 * component bundle): makes the home folder, writes commented default {@code etc/*.cfg} files, loads them with the
 * system-property overrides into ConfigAdmin, keeps watching them, and prints the ready line.
 */
public final class BootActivator implements BundleActivator {
    private static final Logger LOG = LoggerFactory.getLogger(BootActivator.class);
    private static final long POLL_MILLIS = 1000;

    private ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cmTracker;
    private ScheduledExecutorService poller;
    private SynchronousBundleListener bundleListener;
    private ReadyLine ready;
    private DeployWatch deployWatch;

    @Override
    public void start(BundleContext context) throws Exception {
        Home home = Home.resolve(context);
        cmTracker = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        cmTracker.open();
        ConfigurationAdmin cm = cmTracker.waitForService(10_000);
        if (cm == null) {
            throw new IllegalStateException("ConfigurationAdmin is not running: cannot apply configuration");
        }
        DefaultConfigWriter defaults = new DefaultConfigWriter(home.etc());
        int written = 0;
        for (Bundle b : context.getBundles()) {
            written += defaults.writeFor(b);
        }
        if (written > 0) {
            LOG.info("Wrote {} default configuration files to {}", written, home.etc());
        }
        ConfigFiles files = new ConfigFiles(home.etc(), cm, SystemOverrides.fromSystem());
        files.syncAll();

        bundleListener = event -> {
            if (event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) {
                if (defaults.writeFor(event.getBundle()) > 0) {
                    files.syncAll();
                }
            }
        };
        context.addBundleListener(bundleListener);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parlance-config-watch");
            t.setDaemon(true);
            return t;
        });
        deployWatch = new DeployWatch(context, home, poller);
        context.addBundleListener(deployWatch);
        poller.scheduleWithFixedDelay(files::syncAll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);

        ready = new ReadyLine(context, home, poller);
        context.addFrameworkListener(ready);
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        context.removeFrameworkListener(ready);
        context.removeBundleListener(bundleListener);
        context.removeBundleListener(deployWatch);
        poller.shutdownNow();
        poller.awaitTermination(2, TimeUnit.SECONDS);
        cmTracker.close();
        LOG.info("Parlance stopped");
    }
}
