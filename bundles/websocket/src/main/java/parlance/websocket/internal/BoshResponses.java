package parlance.websocket.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * The responses a BOSH session remembers (XEP-0124 §14.3): the last {@link BoshLimits#REQUESTS} (= {@code hold+1})
 * always, and, when the client uses acknowledgements (§9), also those it has not acknowledged yet (at most
 * {@value #MAX_UNACKED}). A request repeating an answered {@code rid} gets the same bytes again; an unacknowledged
 * response older than the report delay is reported lost (§9.2). Used on the session's thread only.
 */
final class BoshResponses {
    static final int MAX_UNACKED = 16;

    /** One answered request: the body sent, whether it carried payload, and when. */
    record Sent(long rid, byte[] bytes, boolean payload, long atNanos) {
    }

    private final TreeMap<Long, Sent> sent = new TreeMap<>();
    private boolean acks;
    private long clientAck = -1;

    /** §9.1: the client announced acknowledgements in its session creation request. */
    void useAcks(long creationRid) {
        acks = true;
        clientAck = creationRid - 1;
    }

    boolean acks() {
        return acks;
    }

    void record(long rid, byte[] bytes, boolean payload, long nowNanos) {
        sent.put(rid, new Sent(rid, bytes, payload, nowNanos));
        trim();
    }

    /** §14.3: the buffered response to {@code rid}, or null when it is no longer (or never was) buffered. */
    byte[] replay(long rid) {
        Sent s = sent.get(rid);
        return s == null ? null : s.bytes();
    }

    /** True unless the response to {@code rid} is known to have carried payload (§11 polling rule). */
    boolean answeredEmpty(long rid) {
        Sent s = sent.get(rid);
        return s == null || !s.payload();
    }

    /** §9.1: the client received every response up to {@code ack}. */
    void acked(long ack) {
        if (acks && ack > clientAck) {
            clientAck = ack;
            trim();
        }
    }

    /**
     * §9.2: the oldest response the client has not acknowledged although it went out at least {@code afterMillis}
     * ago, or null.
     */
    Sent lost(long nowNanos, long afterMillis) {
        if (!acks) {
            return null;
        }
        Map.Entry<Long, Sent> first = sent.higherEntry(clientAck);
        if (first == null || nowNanos - first.getValue().atNanos() < afterMillis * 1_000_000L) {
            return null;
        }
        return first.getValue();
    }

    private void trim() {
        while (sent.size() > BoshLimits.REQUESTS) {
            long first = sent.firstKey();
            if (acks && first > clientAck && sent.size() <= MAX_UNACKED) {
                return; // unacknowledged: kept for a resend
            }
            sent.remove(first);
        }
    }
}
