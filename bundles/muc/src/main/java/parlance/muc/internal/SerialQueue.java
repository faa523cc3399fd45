package parlance.muc.internal;

import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one room's tasks one after another, in submission order, on a shared executor (an actor's mailbox). A task
 * may return an unfinished stage (a store write): the next task starts when it completes, without a thread
 * waiting. Room state is therefore only ever touched by one thread at a time.
 */
final class SerialQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);
    private static final int BATCH = 64;

    private final Executor executor;
    private final Queue<Supplier<? extends CompletionStage<?>>> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    SerialQueue(Executor executor) {
        this.executor = executor;
    }

    void execute(Runnable task) {
        submit(() -> {
            task.run();
            return RoomFeature.DONE;
        });
    }

    /** Queues a task whose stage holds back the next task until it completes. */
    void submit(Supplier<? extends CompletionStage<?>> task) {
        tasks.add(task);
        schedule();
    }

    boolean isIdle() {
        return !running.get() && tasks.isEmpty();
    }

    private void schedule() {
        if (running.compareAndSet(false, true)) {
            dispatch();
        }
    }

    private void dispatch() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.debug("room queue stopped; {} task(s) dropped", tasks.size());
            tasks.clear();
            running.set(false);
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Supplier<? extends CompletionStage<?>> task = tasks.poll();
            if (task == null) {
                running.set(false);
                if (!tasks.isEmpty()) {
                    schedule();
                }
                return;
            }
            CompletionStage<?> stage;
            try {
                stage = task.get();
            } catch (RuntimeException e) {
                LOG.warn("room task failed: {}", e.toString(), e);
                continue;
            }
            if (stage != null && !stage.toCompletableFuture().isDone()) {
                stage.whenComplete((r, e) -> dispatch());
                return;
            }
        }
        dispatch();
    }
}
