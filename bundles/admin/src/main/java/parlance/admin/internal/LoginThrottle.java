package parlance.admin.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed console logins per client address in a sliding window: after {@code maxFailures} failures within
 * {@code windowMillis} the address is refused (HTTP 429) until the oldest failure leaves the window. A successful
 * login does not clear the record, so guessing between two known-good logins gains nothing.
 */
final class LoginThrottle {
    private static final int MAX_ADDRESSES = 10_000;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final int maxFailures;
    private final long windowMillis;

    LoginThrottle(LongSupplier clock, int maxFailures, long windowMillis) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
    }

    /** Milliseconds until {@code address} may try again; 0 when it may try now. */
    long retryAfterMillis(String address) {
        Deque<Long> d = failures.get(address);
        if (d == null) {
            return 0;
        }
        synchronized (d) {
            long now = clock.getAsLong();
            expire(d, now);
            if (d.size() < maxFailures) {
                return 0;
            }
            return Math.max(1, d.peekFirst() + windowMillis - now);
        }
    }

    void recordFailure(String address) {
        if (failures.size() >= MAX_ADDRESSES) {
            long now = clock.getAsLong();
            failures.values().removeIf(d -> {
                synchronized (d) {
                    expire(d, now);
                    return d.isEmpty();
                }
            });
        }
        Deque<Long> d = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (d) {
            long now = clock.getAsLong();
            expire(d, now);
            d.addLast(now);
            while (d.size() > maxFailures) {
                d.removeFirst();
            }
        }
    }

    private void expire(Deque<Long> d, long now) {
        while (!d.isEmpty() && now - d.peekFirst() >= windowMillis) {
            d.removeFirst();
        }
    }
}
