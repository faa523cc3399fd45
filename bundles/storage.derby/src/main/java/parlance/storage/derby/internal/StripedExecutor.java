package parlance.storage.derby.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N single-thread executors with bounded queues. A key (the username) always maps to the same stripe, so the
 * operations submitted for one user run one after another in submission order, while different users proceed in
 * parallel. A full queue rejects instead of blocking the submitting (possibly network) thread.
 */
final class StripedExecutor {
    private final List<ThreadPoolExecutor> stripes;

    StripedExecutor(int threads, int queueSize, String namePrefix) {
        List<ThreadPoolExecutor> list = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            String name = namePrefix + "-" + i;
            AtomicInteger n = new AtomicInteger();
            list.add(new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize),
                    r -> {
                        Thread t = new Thread(r, n.getAndIncrement() == 0 ? name : name + "." + n.get());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.AbortPolicy()));
        }
        this.stripes = List.copyOf(list);
    }

    /** Runs {@code task} on the stripe of {@code key}; throws {@link RejectedExecutionException} when full or shut down. */
    void execute(String key, Runnable task) {
        execute(stripe(key), task);
    }

    /** The stripe of {@code key}: {@code 0 <= stripe < size()}. */
    int stripe(String key) {
        return Math.floorMod(key.hashCode(), stripes.size());
    }

    int size() {
        return stripes.size();
    }

    /** Runs {@code task} on stripe {@code stripe}; throws {@link RejectedExecutionException} when full or shut down. */
    void execute(int stripe, Runnable task) {
        stripes.get(stripe).execute(task);
    }

    /** Stops accepting work, lets queued work finish within {@code timeoutMillis}; true when everything finished. */
    boolean shutdown(long timeoutMillis) throws InterruptedException {
        stripes.forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean clean = true;
        for (ThreadPoolExecutor e : stripes) {
            long left = deadline - System.nanoTime();
            if (!e.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                clean = false;
            }
        }
        if (!clean) {
            stripes.forEach(ExecutorService::shutdownNow);
        }
        return clean;
    }
}
