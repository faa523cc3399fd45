package parlance.muc.internal;

/**
 * A token bucket (XEP-0205 §3 rate limits). The rate and burst are passed on each call, so a changed service
 * configuration applies to occupants already in a room.
 */
final class TokenBucket {
    private double tokens = -1;
    private long last;

    TokenBucket(long nowMillis) {
        this.last = nowMillis;
    }

    /** Takes a token when one is there: {@code ratePerSecond} tokens a second, at most {@code burst} saved. */
    boolean take(long nowMillis, int ratePerSecond, int burst) {
        double max = Math.max(1, burst);
        tokens = tokens < 0 ? max : Math.min(max, tokens + Math.max(0, nowMillis - last) * ratePerSecond / 1000.0);
        last = nowMillis;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
