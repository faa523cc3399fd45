package parlance.stream.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password guessing against one account from many addresses (RFC 6120 §13.12 item 2): after a few free
 * failures within a window, each further failed login for the same account is answered only after a growing delay
 * (capped). Unlike the per-address block it never refuses the right password, so an attacker cannot lock the owner
 * out; a success clears the account's count.
 */
final class AccountThrottle {
    static final int FREE_FAILURES = 3;
    static final long MAX_DELAY_MILLIS = 10_000;

    private record Window(long start, int failures) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final long stepMillis;
    private final long windowNanos;
    private final LongSupplier clock;

    /** {@code stepMillis} 0 turns the throttle off. */
    AccountThrottle(long stepMillis, long windowSeconds, LongSupplier nanoClock) {
        this.stepMillis = stepMillis;
        this.windowNanos = windowSeconds * 1_000_000_000L;
        this.clock = nanoClock;
    }

    /** Records a failed login for {@code username}; returns how long to hold back the failure answer. */
    long failure(String username) {
        if (stepMillis <= 0 || username == null) {
            return 0;
        }
        long now = clock.getAsLong();
        Window w = windows.compute(username, (k, old) -> old == null || now - old.start() >= windowNanos
                ? new Window(now, 1) : new Window(old.start(), old.failures() + 1));
        if (windows.size() > 10_000) {
            windows.values().removeIf(x -> now - x.start() >= windowNanos);
        }
        int over = w.failures() - FREE_FAILURES;
        return over <= 0 ? 0 : Math.min(MAX_DELAY_MILLIS, stepMillis * over);
    }

    void success(String username) {
        if (username != null) {
            windows.remove(username);
        }
    }
}
