package parlance.stream.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Stanza;

/**
 * The outbound stanzas of one session in order: those not yet written, and, with stream management (XEP-0198 §4),
 * those written but not yet acknowledged, with both counters ({@code h} of each side, §4: unsigned 32-bit,
 * wrapping). Not thread-safe: its {@link Outbox} guards it. Both deques exist only while they hold something, so
 * an idle session pays no array.
 */
final class SmQueue {
    /** One queued stanza ({@link Stanza} or {@link Broadcast}) and when it was queued (the XEP-0203 stamp). */
    record Entry(Object stanza, long queuedMillis) {
        Element element() {
            return stanza instanceof Stanza ? ((Stanza) stanza).element() : ((Broadcast) stanza).template();
        }
    }

    static final long MOD = 1L << 32;
    private final boolean retain;
    private ArrayDeque<Entry> pending;
    private ArrayDeque<Entry> unacked;
    /** Stanzas the client acknowledged in total (unwrapped). */
    private long acked;
    /** Stanzas received from the client and handled (§4 {@code h} of the server). */
    private long inbound;

    /** @param retain true with stream management: written stanzas stay until acknowledged */
    SmQueue(boolean retain) {
        this.retain = retain;
    }

    boolean retains() {
        return retain;
    }

    void add(Entry e) {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        pending.add(e);
    }

    /** Takes the stanzas to write now, in order; with stream management they become unacknowledged. */
    List<Entry> takeUnwritten() {
        if (pending == null) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>(pending);
        if (retain) {
            if (unacked == null) {
                unacked = pending;
            } else {
                unacked.addAll(pending);
            }
        }
        pending = null;
        return out;
    }

    /**
     * The client acknowledged {@code h} stanzas in total (§4): drops those from the head.
     *
     * @return false when {@code h} counts more stanzas than were written ({@code handled-count-too-high})
     */
    boolean ack(long h) {
        long delta = Math.floorMod(h - acked, MOD);
        int written = unacked == null ? 0 : unacked.size();
        if (delta > written) {
            return false;
        }
        for (long i = 0; i < delta; i++) {
            unacked.poll();
        }
        acked += delta;
        if (unacked != null && unacked.isEmpty()) {
            unacked = null; // let a burst's big array go
        }
        return true;
    }

    /** On resumption (§5): what was written and not acknowledged is written again, first. */
    void rewind() {
        if (unacked == null) {
            return;
        }
        if (pending != null) {
            unacked.addAll(pending);
        }
        pending = unacked;
        unacked = null;
    }

    /** Everything still held, oldest first, leaving the queue empty. */
    List<Entry> drain() {
        List<Entry> out = new ArrayList<>(size());
        if (unacked != null) {
            out.addAll(unacked);
        }
        if (pending != null) {
            out.addAll(pending);
        }
        unacked = null;
        pending = null;
        return out;
    }

    int size() {
        return (pending == null ? 0 : pending.size()) + (unacked == null ? 0 : unacked.size());
    }

    int unackedCount() {
        return unacked == null ? 0 : unacked.size();
    }

    /** Stanzas written so far (acknowledged or not), as the wrapping {@code h} the client will send. */
    long sentCount() {
        return (acked + unackedCount()) % MOD;
    }

    void countInbound() {
        inbound++;
    }

    /** The server's {@code h}: stanzas handled from the client, wrapping at 2^32. */
    long inboundCount() {
        return inbound % MOD;
    }
}
