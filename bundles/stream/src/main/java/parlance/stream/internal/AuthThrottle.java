package parlance.stream.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed SASL authentications per remote IP address in a fixed window; once an address reaches the limit,
 * further attempts fail with {@code temporary-auth-failure} (RFC 6120 §6.5.13) until the window ends. This slows
 * password guessing (RFC 6120 §13.12 item 2) without keeping connections open.
 */
final class AuthThrottle {
    private static final class Window {
        final long start;
        final int failures;

        Window(long start, int failures) {
            this.start = start;
            this.failures = failures;
        }
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier clock;

    AuthThrottle(int maxFailures, long windowSeconds, LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.windowNanos = windowSeconds * 1_000_000_000L;
        this.clock = nanoClock;
    }

    /** True when {@code ip} has used up its failures in the current window. */
    boolean blocked(String ip) {
        if (maxFailures <= 0) {
            return false;
        }
        Window w = windows.get(ip);
        return w != null && !expired(w, clock.getAsLong()) && w.failures >= maxFailures;
    }

    void failure(String ip) {
        if (maxFailures <= 0) {
            return;
        }
        long now = clock.getAsLong();
        windows.compute(ip, (k, w) -> w == null || expired(w, now) ? new Window(now, 1) : new Window(w.start,
                w.failures + 1));
        if (windows.size() > 10_000) {
            purge();
        }
    }

    /** Drops windows that ended. */
    void purge() {
        long now = clock.getAsLong();
        windows.values().removeIf(w -> expired(w, now));
    }

    private boolean expired(Window w, long now) {
        return now - w.start >= windowNanos;
    }
}
