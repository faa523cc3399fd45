package parlance.router.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one sender's stanzas in order when routing one of them waits (RFC 6120 §10.1 in-order processing). A task
 * returns {@code null} when it finished on the calling thread, or a stage when part of it is still pending (a
 * message interceptor writing to storage). While a sender has a pending task its later tasks queue behind it and
 * run, in order, when it completes; a sender with nothing pending holds no entry, and its tasks run at once on the
 * calling thread, as before interceptors existed. Nothing blocks.
 */
final class SenderOrder {
    private static final Logger LOG = LoggerFactory.getLogger(SenderOrder.class);

    /** The tasks queued behind a sender's pending one; its presence in the map means "something is pending". */
    private static final class Lane {
        final ArrayDeque<Supplier<CompletionStage<?>>> queue = new ArrayDeque<>();
    }

    private final ConcurrentHashMap<Object, Lane> lanes = new ConcurrentHashMap<>();

    /** Runs {@code task} for {@code sender} now, or after the sender's pending tasks when there are any. */
    void submit(Object sender, Supplier<CompletionStage<?>> task) {
        if (sender == null) {
            run(task);
            return;
        }
        if (!lanes.isEmpty() && enqueue(sender, task)) {
            return;
        }
        CompletionStage<?> pending = run(task);
        if (pending != null) {
            lanes.put(sender, new Lane());
            pending.whenComplete((v, e) -> drain(sender));
        }
    }

    /** True when the task was queued behind a pending one; false when the sender's lane had just gone. */
    private boolean enqueue(Object sender, Supplier<CompletionStage<?>> task) {
        boolean[] queued = {false};
        lanes.computeIfPresent(sender, (k, lane) -> {
            lane.queue.add(task);
            queued[0] = true;
            return lane;
        });
        return queued[0];
    }

    /** Runs the queued tasks of a sender whose pending task completed, until one is pending again or none is left. */
    private void drain(Object sender) {
        while (true) {
            @SuppressWarnings("unchecked")
            Supplier<CompletionStage<?>>[] next = new Supplier[1];
            lanes.computeIfPresent(sender, (k, lane) -> {
                next[0] = lane.queue.poll();
                return next[0] == null ? null : lane; // nothing left: the sender runs freely again
            });
            if (next[0] == null) {
                return;
            }
            CompletionStage<?> pending = run(next[0]);
            if (pending != null) {
                pending.whenComplete((v, e) -> drain(sender));
                return;
            }
        }
    }

    private static CompletionStage<?> run(Supplier<CompletionStage<?>> task) {
        try {
            return task.get();
        } catch (RuntimeException e) {
            LOG.warn("Routing task failed: {}", e.toString(), e);
            return null;
        }
    }

    /** Senders with pending work (tests, statistics). */
    int pendingSenders() {
        return lanes.size();
    }
}
