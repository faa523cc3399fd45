package parlance.stream.internal;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Caps in-band account creations (XEP-0077 §3.1) per remote IP address within a sliding window (one hour in
 * production), against mass account creation (XEP-0077 §12 "Security Considerations", RFC 6120 §13.12). A slot is
 * taken before the account is created and given back when the creation fails, so parallel attempts cannot
 * overshoot the cap. Shared by all connections of a server; thread-safe.
 */
final class RegistrationLimiter {
    private final ConcurrentHashMap<String, ArrayDeque<Long>> recent = new ConcurrentHashMap<>();
    private final int max;
    private final long windowNanos;
    private final LongSupplier clock;

    /**
     * @param max registrations allowed per address in the window; 0 or less means no limit
     */
    RegistrationLimiter(int max, long windowSeconds, LongSupplier nanoClock) {
        this.max = max;
        this.windowNanos = windowSeconds * 1_000_000_000L;
        this.clock = nanoClock;
    }

    /** Takes a slot for {@code ip}; false when the address used up its registrations in the window. */
    boolean tryAcquire(String ip) {
        if (max <= 0) {
            return true;
        }
        long now = clock.getAsLong();
        boolean[] granted = new boolean[1];
        recent.compute(ip, (k, times) -> {
            ArrayDeque<Long> t = times == null ? new ArrayDeque<>() : times;
            expire(t, now);
            if (t.size() < max) {
                t.addLast(now);
                granted[0] = true;
            }
            return t.isEmpty() ? null : t;
        });
        if (recent.size() > 10_000) {
            purge();
        }
        return granted[0];
    }

    /** Gives back the newest slot of {@code ip} (the registration it was taken for did not create an account). */
    void release(String ip) {
        if (max <= 0) {
            return;
        }
        recent.computeIfPresent(ip, (k, t) -> {
            t.pollLast();
            return t.isEmpty() ? null : t;
        });
    }

    /** Drops addresses whose slots all expired. */
    void purge() {
        long now = clock.getAsLong();
        for (String ip : recent.keySet()) {
            recent.computeIfPresent(ip, (k, t) -> {
                expire(t, now);
                return t.isEmpty() ? null : t;
            });
        }
    }

    private void expire(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.pollFirst();
        }
    }
}
