package parlance.derby.internal;

import java.sql.SQLException;
import java.util.Properties;
import org.apache.derby.iapi.services.monitor.Monitor;
import org.apache.derby.jdbc.EmbeddedDriver;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Replaces Derby's own {@code org.apache.derby.osgi.EmbeddedActivator}, which boots the engine as soon as the
 * bundle starts. Booting opens Derby's error log at once ({@code derby.log} in the working directory unless
 * {@code derby.stream.error.file}/{@code .field}/{@code .method} is already set), before any storage component had
 * the chance to point it into {@code <home>/logs}. So this activator boots nothing: the engine boots on the first
 * connection (EmbeddedDataSource / EmbeddedDriver). On stop it shuts the whole engine down if it was booted, which
 * closes every database cleanly (Derby engine shutdown: {@code jdbc:derby:;shutdown=true}, SQLState XJ015).
 */
public final class DerbyActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        // lazy: see the class comment
    }

    @Override
    public void stop(BundleContext context) {
        if (Monitor.getMonitor() == null) {
            return; // never booted (or already shut down): nothing to close, and do not boot it now
        }
        try {
            new EmbeddedDriver().connect("jdbc:derby:;shutdown=true", new Properties());
        } catch (SQLException expected) {
            // XJ015 "Derby system shutdown." is how a successful engine shutdown reports itself
        }
    }
}
