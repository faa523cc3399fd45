package parlance.im.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks of one account one after the other, so that a read-modify-write of a roster (a subscription
 * state change, a roster set) never interleaves with another for the same user. Nothing blocks: each task starts
 * when the previous one's stage completes. Idle users hold no entry.
 */
final class UserQueue {
    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    <T> CompletableFuture<T> submit(String user, Supplier<? extends CompletionStage<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] previous = new CompletableFuture[1];
        tails.compute(user, (k, tail) -> {
            previous[0] = tail;
            return done;
        });
        Runnable run = () -> {
            CompletionStage<T> stage;
            try {
                stage = task.get();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((value, error) -> {
                tails.remove(user, done);
                // the task's own followers (deliveries, pushes) run before the next task of this user starts, so
                // that a barrier queued after it completes only once they have happened
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
                done.complete(null);
            });
        };
        if (previous[0] == null) {
            run.run();
        } else {
            previous[0].whenComplete((v, e) -> run.run());
        }
        return result;
    }
}
