package parlance.admin.internal;

import java.util.function.LongSupplier;

/**
 * Stanzas per second over the last minute, from the router's running total: {@link #sample()} is called every few
 * seconds and keeps a small ring of (time, total) pairs; the rate is the slope between the oldest and newest.
 */
final class StanzaRate {
    private final long[] times;
    private final long[] totals;
    private final LongSupplier clockMillis;
    private int next;
    private int count;

    StanzaRate(int slots, LongSupplier clockMillis) {
        this.times = new long[slots];
        this.totals = new long[slots];
        this.clockMillis = clockMillis;
    }

    /** Records the current total (or nothing when the router is absent: {@code total < 0}). */
    synchronized void sample(long total) {
        if (total < 0) {
            count = 0;
            return;
        }
        times[next] = clockMillis.getAsLong();
        totals[next] = total;
        next = (next + 1) % times.length;
        count = Math.min(count + 1, times.length);
    }

    /** Stanzas per second between the oldest and the newest sample; 0 until two samples exist. */
    synchronized double perSecond() {
        if (count < 2) {
            return 0;
        }
        int newest = (next - 1 + times.length) % times.length;
        int oldest = (next - count + times.length) % times.length;
        long millis = times[newest] - times[oldest];
        return millis <= 0 ? 0 : (totals[newest] - totals[oldest]) * 1000.0 / millis;
    }
}
