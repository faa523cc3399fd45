package parlance.boot.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what happens to the bundles in {@code <home>/deploy/} (FileInstall installs, updates and uninstalls
 * them): one line per change, and for a bundle that cannot resolve one line naming its missing requirement. The
 * server goes on either way.
 */
final class DeployWatch implements SynchronousBundleListener {
    private static final Logger LOG = LoggerFactory.getLogger("parlance.deploy");
    /** How long after installation a bundle that is still unresolved is reported. */
    private static final long RESOLVE_CHECK_MILLIS = 1500;

    private final String deployUri;
    private final ScheduledExecutorService timer;

    DeployWatch(BundleContext context, Home home, ScheduledExecutorService timer) {
        this.deployUri = home.deploy().toFile().toURI().toString();
        this.timer = timer;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if (!isDeployed(b)) {
            return;
        }
        switch (event.getType()) {
            case BundleEvent.INSTALLED:
                LOG.info("Installed {} {} from {}", b.getSymbolicName(), b.getVersion(), fileName(b));
                scheduleResolveCheck(b);
                break;
            case BundleEvent.UPDATED:
                LOG.info("Updated {} to {} from {}", b.getSymbolicName(), b.getVersion(), fileName(b));
                scheduleResolveCheck(b);
                break;
            case BundleEvent.STARTED:
                LOG.info("Started {} {}", b.getSymbolicName(), b.getVersion());
                break;
            case BundleEvent.UNINSTALLED:
                LOG.info("Uninstalled {} {} ({} was removed)", b.getSymbolicName(), b.getVersion(), fileName(b));
                break;
            default:
                break;
        }
    }

    private boolean isDeployed(Bundle b) {
        String location = b.getLocation();
        return location != null && location.startsWith(deployUri);
    }

    private static String fileName(Bundle b) {
        String location = b.getLocation();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private void scheduleResolveCheck(Bundle b) {
        timer.schedule(() -> reportIfUnresolved(b), RESOLVE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Asks the framework why a deployed bundle did not resolve, and says it in one line. */
    private void reportIfUnresolved(Bundle b) {
        if (b.getState() != Bundle.INSTALLED) {
            return;
        }
        if (b.getHeaders().get("Fragment-Host") != null) {
            return;
        }
        try {
            b.start(Bundle.START_TRANSIENT);
            b.stop(Bundle.STOP_TRANSIENT);
        } catch (BundleException | IllegalStateException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().replace('\n', ' ');
            LOG.error("{} {} from {} cannot start: {}", b.getSymbolicName(), b.getVersion(), fileName(b), message);
        }
    }

}
