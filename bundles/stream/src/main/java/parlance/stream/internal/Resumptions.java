package parlance.stream.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resumable sessions of one c2s server (XEP-0198 §5), by resumption id, and one timer thread for the sessions
 * held after their connection dropped. The timer thread starts with the first held session. {@link #close} ends
 * every resumable session (their unacknowledged messages are re-routed) and stops the timer.
 */
final class Resumptions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resumptions.class);
    private final Map<String, Outbox> byId = new ConcurrentHashMap<>();
    private ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;

    /** Registers a session under a fresh id; false once closed. */
    boolean add(String id, Outbox outbox) {
        if (closed) {
            return false;
        }
        return byId.putIfAbsent(id, outbox) == null;
    }

    Outbox get(String id) {
        return id == null ? null : byId.get(id);
    }

    void remove(String id, Outbox outbox) {
        if (id != null) {
            byId.remove(id, outbox);
        }
    }

    int size() {
        return byId.size();
    }

    /** Runs {@code task} after {@code seconds} on the timer thread; {@code null} once closed. */
    synchronized ScheduledFuture<?> schedule(Runnable task, long seconds) {
        if (closed) {
            return null;
        }
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "parlance-sm-resume");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        return timer.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Ending a held session failed", e);
            }
        }, seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closed = true;
        for (Outbox o : List.copyOf(byId.values())) {
            o.terminate();
        }
        byId.clear();
        synchronized (this) {
            if (timer != null) {
                timer.shutdownNow();
                timer = null;
            }
        }
    }
}
