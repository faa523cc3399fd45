package parlance.filetransfer.internal;

/**
 * A token bucket of bytes (the shaper behind the in-band bytestream rate limit, XEP-0047 §5 "a server MAY rate
 * limit"): it fills at {@code rate} bytes per second up to {@code capacity} (the burst), starts full, and a send of
 * {@code n} bytes takes {@code n} tokens or is refused without taking any. Time is passed in (nanoseconds from any
 * fixed origin) so tests need no clock. Thread-safe.
 */
final class TokenBucket {
    private final double rate;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(long bytesPerSecond, long capacity, long nowNanos) {
        this.rate = bytesPerSecond;
        this.capacity = Math.max(1, capacity);
        this.tokens = this.capacity;
        this.last = nowNanos;
    }

    /** Takes {@code bytes} tokens when there are that many; returns whether it did. */
    synchronized boolean take(long bytes, long nowNanos) {
        refill(nowNanos);
        if (bytes > tokens) {
            return false;
        }
        tokens -= bytes;
        return true;
    }

    /** True when the bucket is full again at {@code nowNanos} (its sender has been quiet long enough). */
    synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * rate / 1_000_000_000d);
            last = nowNanos;
        }
    }
}
