package parlance.s2s.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Per-remote-domain limits of inbound federation traffic, in the spirit of XEP-0205 (Best Practices to Discourage
 * Denial of Service Attacks) §3 "Limits": how many streams one remote domain may hold open to us at once
 * ({@code max.connections.per.domain}) and how many stanzas per second it may send (a token bucket per domain of
 * {@code stanza.rate} tokens a second, holding up to twice that; {@code stanza.rate}). A peer over its rate is not
 * cut off: {@link #take} says how long to stop reading its connection, so TCP slows it down (§3, "throttling").
 */
final class DomainLimits {
    private final int maxConnections;
    private final int rate;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Integer> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    DomainLimits(int maxConnections, int rate, LongSupplier nanoClock) {
        this.maxConnections = Math.max(0, maxConnections);
        this.rate = Math.max(0, rate);
        this.nanoClock = nanoClock;
    }

    /** Counts one more stream from {@code domain}; false (and not counted) when it already holds the maximum. */
    boolean open(String domain) {
        if (maxConnections == 0) {
            return true;
        }
        boolean[] admitted = {false};
        connections.compute(domain, (d, n) -> {
            int now = n == null ? 0 : n;
            admitted[0] = now < maxConnections;
            return admitted[0] ? now + 1 : (n == null ? null : n);
        });
        return admitted[0];
    }

    /** A stream from {@code domain} counted by {@link #open} ended. */
    void closed(String domain) {
        if (maxConnections > 0) {
            connections.computeIfPresent(domain, (d, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Streams open from {@code domain} now (diagnostics, tests). */
    int connections(String domain) {
        return connections.getOrDefault(domain, 0);
    }

    /** Takes one stanza's token from {@code domain}'s bucket; the nanoseconds to stop reading, 0 for none. */
    long take(String domain) {
        if (rate == 0) {
            return 0;
        }
        return buckets.computeIfAbsent(domain, d -> new Bucket(2.0 * rate, nanoClock.getAsLong())).take(rate,
                nanoClock.getAsLong());
    }

    /** A token bucket; synchronized because streams of one domain run on different event loops. */
    private static final class Bucket {
        private final double capacity;
        private double tokens;
        private long last;

        Bucket(double capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.last = now;
        }

        synchronized long take(int rate, long now) {
            tokens = Math.min(capacity, tokens + (now - last) * rate / (double) TimeUnit.SECONDS.toNanos(1));
            last = now;
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * TimeUnit.SECONDS.toNanos(1) / rate);
        }
    }
}
