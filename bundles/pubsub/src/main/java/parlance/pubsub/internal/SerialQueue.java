package parlance.pubsub.internal;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox of one service (the PubSub domain or one PEP account): tasks run one after another in submission
 * order on a shared executor; a task returning an unfinished stage (a store write) holds back the next one without
 * a thread waiting. A service's nodes are therefore only touched by one thread at a time.
 */
final class SerialQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);
    static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Executor executor;
    private final Queue<Supplier<? extends CompletionStage<?>>> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    SerialQueue(Executor executor) {
        this.executor = executor;
    }

    void submit(Supplier<? extends CompletionStage<?>> task) {
        tasks.add(task);
        if (running.compareAndSet(false, true)) {
            dispatch();
        }
    }

    boolean isIdle() {
        return !running.get() && tasks.isEmpty();
    }

    private void dispatch() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.debug("pubsub queue stopped; {} task(s) dropped", tasks.size());
            tasks.clear();
            running.set(false);
        }
    }

    private void drain() {
        while (true) {
            Supplier<? extends CompletionStage<?>> task = tasks.poll();
            if (task == null) {
                running.set(false);
                if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
                    dispatch();
                }
                return;
            }
            CompletionStage<?> stage;
            try {
                stage = task.get();
            } catch (RuntimeException e) {
                LOG.warn("pubsub task failed: {}", e.toString(), e);
                continue;
            }
            if (stage != null && !stage.toCompletableFuture().isDone()) {
                stage.whenComplete((r, e) -> dispatch());
                return;
            }
        }
    }
}
