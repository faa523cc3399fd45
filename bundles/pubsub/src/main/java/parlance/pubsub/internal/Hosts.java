package parlance.pubsub.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;

/**
 * The services in memory, each with its own {@link SerialQueue}: the PubSub domain and every PEP account that was
 * used since the service started. A service's nodes are loaded from the store by the first task that needs them;
 * all later tasks of that service see the loaded nodes.
 */
final class Hosts {
    private static final Logger LOG = LoggerFactory.getLogger(Hosts.class);

    /** Loads a service's nodes. */
    interface Loader {
        CompletionStage<Host> load(Jid jid, boolean pep);
    }

    private static final class Slot {
        final SerialQueue queue;
        Host host;

        Slot(SerialQueue queue) {
            this.queue = queue;
        }
    }

    private final Map<Jid, Slot> slots = new ConcurrentHashMap<>();
    private final Executor executor;
    private final Loader loader;

    Hosts(Executor executor, Loader loader) {
        this.executor = executor;
        this.loader = loader;
    }

    /**
     * Runs {@code task} on the service's queue once its nodes are loaded; {@code failed} runs instead when they
     * cannot be loaded. The queue's next task waits for the stage {@code task} returns.
     */
    void submit(Jid jid, boolean pep, Function<Host, CompletionStage<?>> task, Runnable failed) {
        Slot slot = slots.computeIfAbsent(jid, j -> new Slot(new SerialQueue(executor)));
        slot.queue.submit(() -> {
            if (slot.host != null) {
                return task.apply(slot.host);
            }
            return loader.load(jid, pep).<CompletionStage<?>>handle((host, error) -> {
                if (error != null) {
                    LOG.warn("Could not load the nodes of {}: {}", jid, error.toString());
                    failed.run();
                    return SerialQueue.DONE;
                }
                slot.host = host;
                return task.apply(host);
            }).thenCompose(stage -> stage);
        });
    }

    /** Forgets the loaded nodes (the store changed): each service reloads on its next task. */
    void invalidate() {
        slots.values().forEach(slot -> slot.queue.submit(() -> {
            slot.host = null;
            return SerialQueue.DONE;
        }));
    }

    /** The services with loaded nodes (read them only on their queue). */
    List<Jid> loaded() {
        return slots.entrySet().stream().filter(e -> e.getValue().host != null).map(Map.Entry::getKey).toList();
    }
}
