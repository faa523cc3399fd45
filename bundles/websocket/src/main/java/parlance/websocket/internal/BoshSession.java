package parlance.websocket.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import parlance.api.stanza.Namespaces;
import parlance.stream.spi.ElementStream;
import parlance.stream.spi.XmppStreams;

/**
 * One BOSH session (XEP-0124, XMPP over BOSH per XEP-0206): request ids in order within the {@code requests}
 * window (§14.1; early ones wait for the gap to fill), at most {@code hold} requests held (§11), each answered when
 * the stream has output or after {@code wait} seconds with an empty body, restarts with {@code xmpp:restart}
 * (XEP-0206 §5), termination (§13) both ways, and an inactivity timeout (§7.1). State is touched only on the
 * session's {@link SerialExecutor}.
 */
/**
 * One BOSH session (XEP-0124, XMPP over BOSH per XEP-0206): request ids in order within the {@code requests}
 * window (§14.1; early ones wait for the gap to fill), at most {@code hold} requests held (§8), each answered when
 * the stream has output or after {@code wait} seconds with an empty body (the session stays), restarts with
 * {@code xmpp:restart} (XEP-0206 §5), termination (§13) both ways, inactivity and {@code pause} (§10), overactivity
 * and polling limits (§11), acknowledgements (§9) and resent requests answered from the buffered responses
 * (§14.3, {@link BoshResponses}). State is touched only on the session's {@link SerialExecutor}.
 */
final class BoshSession extends BoshTransport {
    /** A held HTTP request: answers it once; false when it was already answered (timed out, gone). */
    interface Reply {
        boolean send(int status, byte[] body);
    }

    private record Held(long rid, Reply reply) {
    }

    private record Early(Element body, Reply reply) {
    }

    final String sid;
    private final ElementStream stream;
    private final String domain;
    private final BoshLimits limits;
    private final Runnable onEnd;
    private final List<Element> pending = new ArrayList<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final TreeMap<Long, Early> early = new TreeMap<>();
    private final BoshResponses responses = new BoshResponses();
    private final BoshPolicy policy;
    private String authid;
    private boolean created;
    private boolean closing;
    private boolean terminated;
    private boolean ended;
    private long lastRid;
    private long lastActivity = System.nanoTime();
    private long inactivityMillis;
    private BoshResponses.Sent report;

    BoshSession(String sid, XmppStreams streams, Executor pool, ScheduledExecutorService scheduler,
            BoshLimits limits, boolean secure, String remoteIp, int remotePort, Runnable onEnd) {
        super(pool, scheduler, secure, remoteIp, remotePort);
        this.sid = sid;
        this.domain = streams.domain();
        this.limits = limits;
        this.policy = new BoshPolicy(limits);
        this.inactivityMillis = limits.inactivitySeconds() * 1000L;
        this.onEnd = onEnd;
        this.stream = streams.open(this);
    }

    /** XEP-0124 §7.1, XEP-0206 §5: the session creation request; {@code ack='1'} asks for acknowledgements (§9). */
    void start(Element body, Reply reply) {
        lastRid = BoshBodies.rid(body);
        if ("1".equals(body.attributeValue("ack"))) {
            responses.useAcks(lastRid);
        }
        held.add(new Held(lastRid, reply));
        stream.header(body.attributeValue("to"), body.attributeValue("from"),
                body.attributeValue(BoshBodies.XMPP_VERSION), body.attributeValue(BoshBodies.XML_LANG));
        balance(lastRid);
    }

    /** Any later request of the session. */
    void request(Element body, Reply reply) {
        long now = System.nanoTime();
        lastActivity = now;
        inactivityMillis = limits.inactivitySeconds() * 1000L; // §10: a pause lasts until the next request
        if (terminated || ended) {
            answerTerminated(reply);
            return;
        }
        long rid = BoshBodies.rid(body);
        if (rid <= lastRid || early.containsKey(rid)) {
            resend(rid, reply);
            return;
        }
        if (rid > lastRid + BoshLimits.REQUESTS) {
            fail(reply, 404, "item-not-found"); // §14.1: a request id out of the window ends the session
            return;
        }
        acknowledged(rid, body, now);
        String violation = policy.check(rid, body, held.size() + early.size(), responses.answeredEmpty(rid - 1), now);
        if (violation != null) {
            fail(reply, 200, violation);
            return;
        }
        if (rid == lastRid + 1) {
            process(rid, body, reply);
            Early next;
            while (!ended && (next = early.remove(lastRid + 1)) != null) {
                process(lastRid + 1, next.body(), next.reply());
            }
        } else {
            early.put(rid, new Early(body, reply)); // §14.1: wait for the missing request
        }
    }

    /** §14.3: a request id seen before: the buffered response, or the new connection takes over the wait. */
    private void resend(long rid, Reply reply) {
        Early waiting = early.get(rid);
        if (waiting != null) {
            early.put(rid, new Early(waiting.body(), reply));
            waiting.reply().send(200, BoshBodies.bytes(BoshBodies.body(), List.of()));
            return;
        }
        for (Held h : held) {
            if (h.rid() == rid) {
                held.remove(h);
                Held again = new Held(rid, reply);
                held.add(again); // HOLD is 1: the order among held requests stays
                answerAfterWait(again);
                h.reply().send(200, BoshBodies.bytes(BoshBodies.body(), List.of()));
                return;
            }
        }
        byte[] again = responses.replay(rid);
        if (again != null) {
            reply.send(200, again);
        } else {
            fail(reply, 404, "item-not-found"); // §14.3: no longer buffered
        }
    }

    /** §9.1: the client's 'ack'; without one it has at least all responses outside the request window. */
    private void acknowledged(long rid, Element body, long now) {
        if (!responses.acks()) {
            return;
        }
        String ack = body.attributeValue("ack");
        if (ack == null) {
            responses.acked(rid - BoshLimits.REQUESTS);
            return;
        }
        responses.acked(BoshBodies.rid(ack));
        BoshResponses.Sent lost = responses.lost(now, limits.reportAfterMillis());
        if (lost != null) {
            report = lost; // §9.2: reported in the next response
        }
    }

    private void process(long rid, Element body, Reply reply) {
        lastRid = rid;
        held.add(new Held(rid, reply));
        List<Element> children = new ArrayList<>(body.elements());
        for (Element child : children) {
            child.detach();
            if (!ended && !closing) {
                stream.element(child);
            }
        }
        int pause = BoshBodies.intAttribute(body, "pause", -1);
        if ("terminate".equals(body.attributeValue("type"))) {
            stream.close(); // §13: the client ends the session; the stream answers with its close
        } else if ("true".equals(body.attributeValue(BoshBodies.XMPP_RESTART))) {
            stream.header(body.attributeValue("to") == null ? domain : body.attributeValue("to"), null, "1.0",
                    body.attributeValue(BoshBodies.XML_LANG)); // XEP-0206 §5
        } else if (pause > 0) {
            inactivityMillis = pause * 1000L; // §10: answer everything now, wait up to 'pause' for the client
            while (!terminated && !held.isEmpty()) {
                respond(held.poll());
            }
        }
        balance(rid);
    }

    /** §8: answer the oldest held requests beyond {@code hold}, answer at once when output waits, else wait. */
    private void balance(long latest) {
        while (!terminated && held.size() > BoshLimits.HOLD) {
            respond(held.poll());
        }
        if (!terminated && !pending.isEmpty() && !held.isEmpty()) {
            respond(held.poll());
        }
        for (Held h : held) {
            if (h.rid() == latest) {
                answerAfterWait(h);
            }
        }
    }

    private void answerAfterWait(Held h) {
        scheduler.schedule(() -> serial.execute(() -> {
            if (held.remove(h)) {
                respond(h); // §8: empty after 'wait'; the session stays
            }
        }), limits.waitSeconds(), TimeUnit.SECONDS);
    }

    private void respond(Held h) {
        Element body = created ? BoshBodies.body() : BoshBodies.creation(sid, domain, authid, limits,
                responses.acks() ? h.rid() : -1, isSecure());
        if (created && responses.acks() && h.rid() < lastRid) {
            body.addAttribute("ack", Long.toString(lastRid)); // §9.2: answered out of order
        }
        if (created && report != null) {
            body.addAttribute("report", Long.toString(report.rid())); // §9.2: a response that got lost
            body.addAttribute("time", Long.toString((System.nanoTime() - report.atNanos()) / 1_000_000L));
            report = null;
        }
        boolean payload = !pending.isEmpty();
        byte[] bytes = BoshBodies.bytes(body, pending);
        long now = System.nanoTime();
        if (h.reply().send(200, bytes)) {
            created = true;
            pending.clear();
            responses.record(h.rid(), bytes, payload, now);
        } else if (created) {
            // the connection is gone: the output goes in the next response, a resend of this rid gets none
            responses.record(h.rid(), BoshBodies.bytes(BoshBodies.body(), List.of()), false, now);
        }
        lastActivity = now;
    }

    /** Ends the session with a terminal binding condition (§17.2). */
    private void fail(Reply reply, int status, String condition) {
        end();
        reply.send(status, BoshBodies.bytes(BoshBodies.terminate(condition), List.of()));
    }

    private void answerTerminated(Reply reply) {
        boolean streamError = false;
        for (Element e : pending) {
            streamError |= "error".equals(e.getName()) && Namespaces.STREAMS.equals(e.getNamespaceURI());
        }
        Element body = BoshBodies.terminate(streamError ? "remote-stream-error" : null);
        if (!created) {
            body.addAttribute("sid", sid);
        }
        byte[] bytes = BoshBodies.bytes(body, pending);
        pending.clear();
        end();
        reply.send(200, bytes);
    }

    /** Called periodically: ends a session without requests for longer than the inactivity time (§7.1). */
    void sweep() {
        if (!ended && held.isEmpty() && System.nanoTime() - lastActivity > inactivityMillis * 1_000_000L) {
            end();
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        terminated = true;
        Held h;
        while ((h = held.poll()) != null) {
            h.reply().send(200, BoshBodies.bytes(BoshBodies.terminate(null), List.of()));
        }
        for (Early e : early.values()) {
            e.reply().send(200, BoshBodies.bytes(BoshBodies.terminate(null), List.of()));
        }
        early.clear();
        onEnd.run();
        stream.ended();
    }

    /** Ends the stream from the server side (shutdown). */
    void shutdown() {
        stream.shutdown();
    }

    // ---- ElementTransport ----

    @Override
    public void open(String from, String id, String lang) {
        authid = id; // XEP-0206 §5: the stream id travels as authid
    }

    @Override
    public void send(Element element) {
        pending.add(element);
    }

    @Override
    public void flush() {
        if (!closing && !pending.isEmpty() && !held.isEmpty()) {
            respond(held.poll());
        }
    }

    @Override
    public void close() {
        closing = true; // what follows goes out in the terminating body
    }

    @Override
    public void disconnect(long graceMillis) {
        terminated = true;
        Held first = held.poll();
        if (first != null) {
            answerTerminated(first.reply());
        }
        // else: the client's next request gets the terminating body, or the inactivity sweep ends the session
    }

    @Override
    public boolean isOpen() {
        return !ended && !terminated;
    }
}
