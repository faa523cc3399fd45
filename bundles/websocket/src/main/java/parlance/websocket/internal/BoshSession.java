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
import parlance.stream.spi.ElementTransport;
import parlance.stream.spi.XmppStreams;

/**
 * One BOSH session (XEP-0124, XMPP over BOSH per XEP-0206): request ids in order within the {@code requests}
 * window (§14.1; early ones wait for the gap to fill), at most {@code hold} requests held (§11), each answered when
 * the stream has output or after {@code wait} seconds with an empty body, restarts with {@code xmpp:restart}
 * (XEP-0206 §5), termination (§13) both ways, and an inactivity timeout (§7.1). State is touched only on the
 * session's {@link SerialExecutor}.
 */
final class BoshSession implements ElementTransport {
    /** A held HTTP request: answers it once; false when it was already answered (timed out, gone). */
    interface Reply {
        boolean send(int status, byte[] body);
    }

    static final int HOLD = 1;
    static final int REQUESTS = 2;

    final String sid;
    private final SerialExecutor serial;
    private final ScheduledExecutorService scheduler;
    private final ElementStream stream;
    private final String domain;
    private final int wait;
    private final int inactivityMillis;
    private final boolean secure;
    private final String remote;
    private final String remoteIp;
    private final Runnable onEnd;
    private final List<Element> pending = new ArrayList<>();
    private final ArrayDeque<Reply> held = new ArrayDeque<>();
    private final TreeMap<Long, Runnable> early = new TreeMap<>();
    private String authid;
    private boolean created;
    private boolean closing;
    private boolean terminated;
    private boolean ended;
    private long lastRid;
    private long lastActivity = System.nanoTime();

    BoshSession(String sid, XmppStreams streams, Executor pool, ScheduledExecutorService scheduler, int wait,
            int inactivitySeconds, boolean secure, String remoteIp, int remotePort, Runnable onEnd) {
        this.sid = sid;
        this.serial = new SerialExecutor(pool);
        this.scheduler = scheduler;
        this.domain = streams.domain();
        this.wait = wait;
        this.inactivityMillis = inactivitySeconds * 1000;
        this.secure = secure;
        this.remoteIp = remoteIp;
        this.remote = remoteIp + ":" + remotePort;
        this.onEnd = onEnd;
        this.stream = streams.open(this);
    }

    /** XEP-0124 §7.1, XEP-0206 §5: the session creation request. */
    void start(Element body, Reply reply) {
        lastRid = BoshBodies.rid(body);
        held.add(reply);
        stream.header(body.attributeValue("to"), body.attributeValue("from"),
                body.attributeValue(BoshBodies.XMPP_VERSION), body.attributeValue(BoshBodies.XML_LANG));
        balance(reply);
    }

    /** Any later request of the session. */
    void request(Element body, Reply reply) {
        lastActivity = System.nanoTime();
        if (terminated || ended) {
            answerTerminated(reply);
            return;
        }
        long rid = BoshBodies.rid(body);
        if (rid == lastRid + 1) {
            process(rid, body, reply);
            Runnable next;
            while (!ended && (next = early.remove(lastRid + 1)) != null) {
                next.run();
            }
        } else if (rid > lastRid + 1 && rid <= lastRid + REQUESTS && !early.containsKey(rid)) {
            early.put(rid, () -> process(rid, body, reply)); // §14.1: wait for the missing request
        } else {
            end(); // §14.1: a request id out of the window ends the session
            reply.send(404, BoshBodies.bytes(BoshBodies.terminate("item-not-found"), List.of()));
        }
    }

    private void process(long rid, Element body, Reply reply) {
        lastRid = rid;
        held.add(reply);
        List<Element> children = new ArrayList<>(body.elements());
        for (Element child : children) {
            child.detach();
            if (!ended && !closing) {
                stream.element(child);
            }
        }
        if ("terminate".equals(body.attributeValue("type"))) {
            stream.close(); // §13: the client ends the session; the stream answers with its close
        } else if ("true".equals(body.attributeValue(BoshBodies.XMPP_RESTART))) {
            stream.header(body.attributeValue("to") == null ? domain : body.attributeValue("to"), null, "1.0",
                    body.attributeValue(BoshBodies.XML_LANG)); // XEP-0206 §5
        }
        balance(reply);
    }

    /** §11: answer the oldest held requests beyond {@code hold}, answer at once when output waits, else wait. */
    private void balance(Reply latest) {
        while (!terminated && held.size() > HOLD) {
            respond(held.poll());
        }
        if (!terminated && !pending.isEmpty() && !held.isEmpty()) {
            respond(held.poll());
        }
        if (held.contains(latest)) {
            scheduler.schedule(() -> serial.execute(() -> {
                if (held.remove(latest)) {
                    respond(latest);
                }
            }), wait, TimeUnit.SECONDS);
        }
    }

    private void respond(Reply reply) {
        Element body = created ? BoshBodies.body() : BoshBodies.creation(sid, domain, authid, wait, HOLD, REQUESTS,
                inactivityMillis / 1000, secure);
        if (reply.send(200, BoshBodies.bytes(body, pending))) {
            created = true;
            pending.clear();
        }
        lastActivity = System.nanoTime();
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
        Reply r;
        while ((r = held.poll()) != null) {
            r.send(200, BoshBodies.bytes(BoshBodies.terminate(null), List.of()));
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
        Reply first = held.poll();
        if (first != null) {
            answerTerminated(first);
        }
        // else: the client's next request gets the terminating body, or the inactivity sweep ends the session
    }

    @Override
    public void pauseInput() {
        // HTTP requests are queued per session already
    }

    @Override
    public void resumeInput() {
    }

    @Override
    public void execute(Runnable task) {
        serial.execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        scheduler.schedule(() -> serial.execute(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean inTransportThread() {
        return serial.inThread();
    }

    @Override
    public boolean isOpen() {
        return !ended && !terminated;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String remoteIp() {
        return remoteIp;
    }
}
