package parlance.stream.internal;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.StreamError;

/**
 * The outbound queue of one bound session (ARCHITECTURE: sessions own ordering, SM counters and CSI filtering).
 * {@link #deliver} may be called from any thread: stanzas enter the {@link SmQueue} in order under this object's
 * lock, and the stream's own thread writes them, in that order, in {@link #pump} (so what is counted is exactly
 * what went on the wire). With stream management (XEP-0198) written stanzas stay until acknowledged; when the
 * connection drops without a clean close, a resumable session is <em>held</em> (still bound, still queueing) for
 * the resumption timeout, and {@link #resume} attaches it to a new stream, which writes everything unacknowledged
 * again. A session that ends re-routes what it still holds ({@link Unacked}). While the client is inactive
 * (XEP-0352), unimportant stanzas wait in a {@link CsiBuffer} first.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** Outcome of {@link #resume}. */
    enum Resumed { OK, GONE, COUNT_TOO_HIGH }

    private final StreamClientSession session;
    private final StreamServices services;
    private SmQueue queue = new SmQueue(false);
    /** The stream writing for this session; {@code null} while held. */
    private StreamCore attached;
    private CsiBuffer csi;
    private boolean pumpScheduled;
    private boolean ended;
    private boolean overflow;
    private boolean requestOutstanding;
    private boolean ackTimer;
    private int sinceRequest;
    private String resumeId;
    private int resumeSeconds;
    private ScheduledFuture<?> expiry;

    Outbox(StreamClientSession session, StreamCore stream) {
        this.session = session;
        this.services = stream.services;
        this.attached = stream;
    }

    StreamClientSession session() {
        return session;
    }

    /** Held for resumption: still bound, but no stream carries it (XEP-0198 §5). */
    synchronized boolean isHeld() {
        return attached == null && !ended;
    }

    /** Queues a {@code Stanza} or {@code Broadcast}; after the session ended it is re-routed instead. */
    void deliver(Object stanza) {
        SmQueue.Entry entry = new SmQueue.Entry(stanza, System.currentTimeMillis());
        StreamCore pumpOn = null;
        boolean late = false;
        boolean overflowNow = false;
        synchronized (this) {
            if (ended) {
                late = true;
            } else {
                if (csi != null && !CsiBuffer.important(entry.element())) {
                    csi.hold(entry);
                    if (csi.size() < services.sm.csiQueueLimit()) {
                        return;
                    }
                    flushCsiLocked(); // full: send what waits
                } else {
                    flushCsiLocked(); // held stanzas go first, in their order
                    queue.add(entry);
                }
                if (queue.retains() && queue.size() > services.sm.maxQueue() && !overflow) {
                    overflow = overflowNow = true;
                }
                pumpOn = schedulePumpLocked();
            }
        }
        if (late) {
            Unacked.reroute(List.of(entry), session.jid(), services);
        } else if (overflowNow) {
            LOG.info("{} holds more than {} unacknowledged stanzas; ending it", session.jid(), services.sm.maxQueue());
            close(StreamError.RESOURCE_CONSTRAINT, "Too many unacknowledged stanzas");
        } else if (pumpOn != null) {
            StreamCore core = pumpOn;
            core.onLoop(() -> pump(core));
        }
    }

    private StreamCore schedulePumpLocked() {
        if (attached == null || pumpScheduled) {
            return null;
        }
        pumpScheduled = true;
        return attached;
    }

    private void flushCsiLocked() {
        if (csi != null) {
            for (SmQueue.Entry e : csi.drain()) {
                queue.add(e);
            }
        }
    }

    /** Writes what is queued, on {@code core}'s thread; asks for an acknowledgement when due (XEP-0198 §4). */
    void pump(StreamCore core) {
        List<SmQueue.Entry> batch;
        boolean request = false;
        boolean timer = false;
        synchronized (this) {
            if (attached != core) {
                return;
            }
            pumpScheduled = false;
            if (core.isClosing()) {
                return; // kept for the resumed stream, or re-routed when the session ends
            }
            batch = queue.takeUnwritten();
            if (queue.retains() && !requestOutstanding && queue.unackedCount() > 0) {
                sinceRequest += batch.size();
                if (sinceRequest >= services.sm.ackEvery()) {
                    request = true;
                    requestOutstanding = true;
                    sinceRequest = 0;
                } else if (!ackTimer) {
                    timer = ackTimer = true;
                }
            }
        }
        Connection c = core.connection();
        for (SmQueue.Entry e : batch) {
            try {
                if (e.stanza() instanceof Broadcast) {
                    c.write((Broadcast) e.stanza(), session.jid());
                } else {
                    c.write(e.element());
                }
            } catch (RuntimeException ex) {
                LOG.warn("Cannot write {} to {}", e.element().getName(), session.jid(), ex);
            }
        }
        if (request) {
            c.write(SmElements.request());
        }
        if (!batch.isEmpty() || request) {
            c.flush();
        }
        if (c.congested() && !core.isClosing()) { // once: writes go on while the close drains
            LOG.info("{} does not read its stream; closing it", core.remoteAddress());
            core.close(StreamError.RESOURCE_CONSTRAINT, "Too much unread data");
        }
        if (timer) {
            core.schedule(() -> ackTimer(core), services.sm.ackDelayMillis());
        }
    }

    private void ackTimer(StreamCore core) {
        synchronized (this) {
            ackTimer = false;
            if (attached != core || requestOutstanding || queue.unackedCount() == 0 || core.isClosing()) {
                return;
            }
            requestOutstanding = true;
            sinceRequest = 0;
        }
        core.send(SmElements.request());
        core.flush();
    }

    // ---- stream management and CSI requests, on the attached stream's thread ----

    /**
     * XEP-0198 §3: counting starts now; stanzas not yet written are counted when they are. With {@code resume} (and
     * resumption configured) the session gets an id and may be held for {@code min(max, configured)} seconds.
     *
     * @return the resumption id, or {@code null}
     */
    synchronized String enable(boolean resume, int max) {
        SmQueue counted = new SmQueue(true);
        for (SmQueue.Entry e : queue.drain()) {
            counted.add(e);
        }
        queue = counted;
        int timeout = services.sm.resumeTimeoutSeconds();
        if (resume && timeout > 0) {
            String id = services.newId(16);
            if (services.resumptions.add(id, this)) {
                resumeId = id;
                resumeSeconds = max > 0 ? Math.min(max, timeout) : timeout;
            }
        }
        return resumeId;
    }

    synchronized int resumeSeconds() {
        return resumeSeconds;
    }

    /** Counts one stanza from the client (§4); false when {@code core} no longer carries this session. */
    synchronized boolean inbound(StreamCore core) {
        if (attached != core) {
            return false;
        }
        if (queue.retains()) {
            queue.countInbound();
        }
        return true;
    }

    /** Stanzas written so far, as the client would count them (XEP-0198 §4). */
    synchronized long sentCount() {
        return queue.sentCount();
    }

    synchronized long inboundCount() {
        return queue.inboundCount();
    }

    /** The client's {@code <a h=''/>} (§4); false when it acknowledges more than was sent. */
    boolean acked(StreamCore core, long h) {
        boolean timer = false;
        synchronized (this) {
            if (attached != core) {
                return true;
            }
            if (!queue.ack(h)) {
                return false;
            }
            requestOutstanding = false;
            if (queue.unackedCount() > 0 && !ackTimer) {
                timer = ackTimer = true;
            }
        }
        if (timer) {
            core.schedule(() -> ackTimer(core), services.sm.ackDelayMillis());
        }
        return true;
    }

    /** XEP-0352 §4.2: {@code <inactive/>} holds unimportant stanzas back, {@code <active/>} sends them. */
    void inactive(StreamCore core, boolean inactive) {
        StreamCore pumpOn;
        synchronized (this) {
            if (attached != core) {
                return;
            }
            if (inactive) {
                if (csi == null) {
                    csi = new CsiBuffer();
                }
                return;
            }
            flushCsiLocked();
            csi = null;
            pumpOn = schedulePumpLocked();
        }
        if (pumpOn != null) {
            pump(pumpOn);
        }
    }

    /**
     * XEP-0198 §5: attaches the session to {@code core} (taking it over from a stream that still carries it), drops
     * what the client acknowledged and rewinds the rest for writing again. The client state is active again
     * (XEP-0352 §5.2). The caller answers {@code <resumed/>} and then {@link #pump}s.
     */
    Resumed resume(StreamCore core, long h) {
        StreamCore old;
        synchronized (this) {
            if (ended) {
                return Resumed.GONE;
            }
            if (!queue.ack(h)) {
                return Resumed.COUNT_TOO_HIGH;
            }
            old = attached;
            attached = core;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            flushCsiLocked();
            csi = null;
            queue.rewind();
            requestOutstanding = false;
            ackTimer = false;
            pumpScheduled = false;
            sinceRequest = 0;
        }
        session.attached(core);
        if (old != null) {
            old.close(StreamError.CONFLICT, "Replaced by a resumed stream");
        }
        return Resumed.OK;
    }

    // ---- the end of a connection, and of the session ----

    /**
     * {@code core}'s connection is gone. A resumable session whose stream did not end cleanly is held; any other
     * ends: it leaves the session table and what it still holds is re-routed.
     */
    void connectionLost(StreamCore core, boolean endSession) {
        boolean hold;
        synchronized (this) {
            if (attached != core || ended) {
                return;
            }
            attached = null;
            pumpScheduled = false;
            flushCsiLocked();
            csi = null;
            hold = !endSession && resumeId != null && !overflow;
            if (hold) {
                expiry = services.resumptions.schedule(this::expire, resumeSeconds);
                hold = expiry != null;
            }
            ended = !hold;
        }
        if (hold) {
            LOG.debug("{} held for {} s", session.jid(), resumeSeconds);
        } else {
            end();
        }
    }

    /** Closes the attached stream with {@code error} (the session then ends), or ends a held session now. */
    void close(StreamError error, String text) {
        StreamCore core;
        synchronized (this) {
            core = attached;
        }
        if (core != null) {
            core.close(error, text);
        } else {
            terminate();
        }
    }

    /** Ends the session unless a stream carries it (server shutdown, kick of a held session). */
    void terminate() {
        synchronized (this) {
            if (ended || attached != null) {
                return;
            }
            ended = true;
        }
        end();
    }

    private void expire() {
        synchronized (this) {
            if (ended || attached != null) {
                return;
            }
            ended = true;
        }
        LOG.debug("{}: resumption timed out", session.jid());
        end();
    }

    private void end() {
        services.resumptions.remove(resumeId, this);
        SessionManager manager = services.sessions();
        try {
            if (manager != null) {
                manager.unregister(session);
            }
        } catch (RuntimeException ex) {
            LOG.warn("Session manager failed to unregister {}", session.jid(), ex);
        }
        List<SmQueue.Entry> left;
        synchronized (this) {
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            left = queue.drain();
        }
        Unacked.reroute(left, session.jid(), services);
    }
}
