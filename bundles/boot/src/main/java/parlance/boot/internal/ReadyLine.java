package parlance.boot.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.server.ListenerInfo;
import parlance.api.server.StartupTask;

/**
 * Logs the one {@code Parlance ready} line once the framework has started every bundle of the runtime and no
 * {@link StartupTask} is left (listener components bind synchronously when they activate; asynchronous ones hold a
 * task until their {@link ListenerInfo} is registered). The line names every open listener with its port.
 */
final class ReadyLine implements FrameworkListener {
    private static final Logger LOG = LoggerFactory.getLogger("parlance");
    private static final long POLL_MILLIS = 20;
    private static final long MAX_WAIT_MILLIS = 30_000;

    private final BundleContext context;
    private final Home home;
    private final ScheduledExecutorService timer;
    private volatile boolean started;
    private long waitedMillis;

    ReadyLine(BundleContext context, Home home, ScheduledExecutorService timer) {
        this.context = context;
        this.home = home;
        this.timer = timer;
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTED && !started) {
            started = true;
            timer.execute(this::whenTasksDone);
        }
    }

    private void whenTasksDone() {
        List<String> pending = names(StartupTask.class, StartupTask::name);
        if (!pending.isEmpty() && waitedMillis < MAX_WAIT_MILLIS) {
            waitedMillis += POLL_MILLIS;
            timer.schedule(this::whenTasksDone, POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        if (!pending.isEmpty()) {
            LOG.warn("Still waiting for {} after {} s; reporting ready without them", pending, MAX_WAIT_MILLIS / 1000);
        }
        LOG.info(line());
    }

    String line() {
        List<ListenerInfo> listeners = new ArrayList<>();
        for (ServiceReference<ListenerInfo> ref : refs(ListenerInfo.class)) {
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

    private <S> List<String> names(Class<S> type, java.util.function.Function<S, String> name) {
        List<String> names = new ArrayList<>();
        for (ServiceReference<S> ref : refs(type)) {
            S s = context.getService(ref);
            if (s != null) {
                names.add(name.apply(s));
                context.ungetService(ref);
            }
        }
        return names;
    }

    private <S> List<ServiceReference<S>> refs(Class<S> type) {
        try {
            return new ArrayList<>(context.getServiceReferences(type, null));
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        } catch (IllegalStateException stopped) {
            return List.of();
        }
    }
}
