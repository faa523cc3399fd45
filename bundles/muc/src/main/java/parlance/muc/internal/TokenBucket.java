package parlance.muc.internal;

/** A token bucket: {@code rate} tokens per second, at most {@code burst} saved (XEP-0205 §3 rate limits). */
final class TokenBucket {
    private final double ratePerMilli;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(int ratePerSecond, int burst, long nowMillis) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
        this.last = nowMillis;
    }

    /** Takes a token when one is there. */
    boolean take(long nowMillis) {
        tokens = Math.min(burst, tokens + Math.max(0, nowMillis - last) * ratePerMilli);
        last = nowMillis;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
