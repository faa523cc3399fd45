package parlance.boot.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import parlance.api.server.ListenerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the one {@code Parlance ready} line once the framework has started every bundle of the runtime (listener
 * components bind their ports synchronously when they activate, and register a {@link ListenerInfo} only after
 * the bind succeeded): the line names every open listener with its port.
 */
final class ReadyLine implements FrameworkListener {
    private static final Logger LOG = LoggerFactory.getLogger("parlance");

    private final BundleContext context;
    private final Home home;
    private volatile boolean done;

    ReadyLine(BundleContext context, Home home) {
        this.context = context;
        this.home = home;
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTED && !done) {
            done = true;
            LOG.info(line());
        }
    }

    String line() {
        List<ListenerInfo> listeners = new ArrayList<>();
        List<ServiceReference<ListenerInfo>> refs = new ArrayList<>();
        try {
            refs.addAll(context.getServiceReferences(ListenerInfo.class, null));
        } catch (org.osgi.framework.InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        for (ServiceReference<ListenerInfo> ref : refs) {
            ListenerInfo info = context.getService(ref);
            if (info != null) {
                listeners.add(info);
                context.ungetService(ref);
            }
        }
        listeners.sort(Comparator.comparingInt(ListenerInfo::port));
        StringBuilder sb = new StringBuilder("Parlance ready in ");
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        sb.append(sinceJvmStart).append(" ms:");
        if (listeners.isEmpty()) {
            sb.append(" no listeners");
        }
        String sep = " ";
        for (ListenerInfo l : listeners) {
            sb.append(sep).append(l.name()).append(' ').append(l.host()).append(':').append(l.port());
            sep = ", ";
        }
        sb.append(" (home ").append(home.root()).append(')');
        return sb.toString();
    }
}
