package parlance.stream.internal;

import java.util.ArrayDeque;
import java.util.List;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.StreamError;
import parlance.xml.StreamHeader;

/**
 * One client stream's state machine, whatever carries it (RFC 6120 §4): header checks, features, restarts,
 * STARTTLS (§5.4) when the {@link Connection} offers it, hand-off to SASL (§6), XEP-0077 registration, resource
 * binding and stanza routing (§7, §8), stream errors (§4.9) and closing (§4.4). Runs on the connection's thread
 * only; {@link #close} may be called from other threads.
 */
final class StreamCore {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCore.class);

    final StreamServices services;
    private final Connection conn;
    private final SaslNegotiation sasl;
    private final ClientStanzas stanzas;
    private final PreAuthRegistration registration;
    private final IdlePinger pinger;
    private final StreamManagement sm;
    private final ArrayDeque<Element> deferred = new ArrayDeque<>(2);
    private boolean headerSent;
    private volatile boolean closing;
    /** True when the stream ends its session (clean close, server close): no XEP-0198 hold. */
    private boolean endSession;
    private boolean suspended;
    private String username;
    private long lastReadNanos = System.nanoTime();

    StreamCore(StreamServices services, Connection conn) {
        this.services = services;
        this.conn = conn;
        this.sasl = new SaslNegotiation(this);
        this.stanzas = new ClientStanzas(this);
        this.registration = new PreAuthRegistration(this);
        this.pinger = new IdlePinger(this, stanzas);
        this.sm = new StreamManagement(this, stanzas);
    }

    // ---- input, from the transport ----

    void touched() {
        lastReadNanos = System.nanoTime();
    }

    void streamOpened(StreamHeader header) {
        if (closing || conn.discarding()) {
            return;
        }
        StreamError refused = HeaderCheck.check(header, services);
        if (refused != null) {
            streamError(refused, null);
            return;
        }
        sendHeader(header.from(), header.lang());
        if (username != null) {
            send(StreamElements.boundFeatures());
        } else {
            boolean tlsFirst = conn.canStartTls();
            send(StreamElements.preAuthFeatures(tlsFirst, tlsFirst ? List.of() : sasl.offered(),
                    tlsFirst ? List.of() : channelBindingTypes(), !tlsFirst && registration.offered()));
        }
        conn.flush();
    }

    void element(Element element) {
        if (closing || conn.discarding()) {
            return;
        }
        if (suspended) {
            deferred.add(element);
            return;
        }
        dispatch(element);
    }

    void streamClosed() {
        if (closing) {
            conn.disconnect(); // we closed first and the client answered (RFC 6120 §4.4)
            return;
        }
        closing = true;
        endSession = true; // RFC 6120 §4.4; XEP-0198 §5: a clean close ends the session, no resumption
        conn.writeClose();
        conn.closeAfter(0);
    }

    /** The connection is gone. */
    void ended() {
        closing = true;
        deferred.clear();
        stanzas.ended(endSession);
    }

    void idle() {
        pinger.idle();
    }

    /** The transport restarted the stream: a new header is expected. */
    void restarted() {
        deferred.clear();
        headerSent = false;
    }

    private void dispatch(Element e) {
        String ns = e.getNamespaceURI();
        if (username == null && Namespaces.TLS.equals(ns) && "starttls".equals(e.getName())) {
            startTls();
        } else if (username == null && Namespaces.SASL.equals(ns)) {
            if (conn.canStartTls()) {
                send(StreamElements.saslFailure("encryption-required")); // RFC 6120 §6.5.3
                conn.flush();
            } else {
                sasl.handle(e);
            }
        } else if (Namespaces.CLIENT.equals(ns) && Stanza.Kind.forElement(e.getName()) != null) {
            if (username == null && PreAuthRegistration.isRequest(e)) {
                registration.handle(e); // XEP-0077 §3.1: the one stanza allowed before authentication
            } else if (username == null) {
                streamError(StreamError.NOT_AUTHORIZED, null); // RFC 6120 §4.9.3.12: stanzas before authentication
            } else {
                stanzas.handle(e);
            }
        } else if (username != null && (SmElements.NS.equals(ns) || CsiBuffer.NS.equals(ns))) {
            sm.handle(e); // XEP-0198, XEP-0352
        } else if (SmElements.NS.equals(ns)) {
            send(SmElements.failed(StanzaError.UNEXPECTED_REQUEST)); // XEP-0198 §3: not yet
            conn.flush();
        } else {
            streamError(StreamError.UNSUPPORTED_STANZA_TYPE, null); // RFC 6120 §4.9.3.24
        }
    }

    /** STARTTLS, RFC 6120 §5.4. */
    private void startTls() {
        if (conn.tlsStarted()) {
            streamError(StreamError.POLICY_VIOLATION, "TLS is already established");
        } else if (conn.startTls()) {
            send(StreamElements.element("proceed", Namespaces.TLS));
            conn.flush();
            conn.restartAfterTls();
        } else {
            send(StreamElements.element("failure", Namespaces.TLS)); // §5.4.2.2
            close(null, null);
        }
    }

    // ---- used by SaslNegotiation, ClientStanzas, PreAuthRegistration, IdlePinger, StreamClientSession ----

    /** SASL succeeded (RFC 6120 §6.4.6): send success, then expect a new stream. */
    void authenticated(String user, byte[] additionalData) {
        username = user;
        send(StreamElements.saslData("success", additionalData));
        conn.flush();
        conn.restartAfterAuth(); // input after </auth> already belongs to the new stream
    }

    /** Pauses reading while an asynchronous step (SASL evaluation) runs; elements already parsed wait. */
    void suspend() {
        suspended = true;
        conn.pauseReading();
    }

    void resume() {
        suspended = false;
        if (!closing) {
            conn.resumeReading();
        }
        Element e;
        try {
            while (!suspended && !closing && !conn.discarding() && (e = deferred.poll()) != null) {
                dispatch(e);
            }
        } catch (RuntimeException ex) {
            LOG.warn("{}: unexpected failure", remoteAddress(), ex);
            streamError(StreamError.INTERNAL_SERVER_ERROR, null);
        }
    }

    void send(Element e) {
        conn.write(e);
    }

    void flush() {
        conn.flush();
    }

    /** Runs a task on the connection's thread: now when already there, else queued. */
    void onLoop(Runnable task) {
        if (conn.inLoop()) {
            task.run();
        } else {
            conn.execute(task);
        }
    }

    void schedule(Runnable task, long delayMillis) {
        conn.schedule(task, delayMillis);
    }

    Connection connection() {
        return conn;
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    boolean isActive() {
        return conn.isActive();
    }

    boolean isSecure() {
        return conn.isSecure();
    }

    boolean isClosing() {
        return closing;
    }

    String username() {
        return username;
    }

    List<String> channelBindingTypes() {
        return conn.channelBindingTypes();
    }

    byte[] channelBinding(String type) {
        return conn.channelBinding(type);
    }

    String remoteAddress() {
        return conn.remoteAddress();
    }

    String remoteIp() {
        return conn.remoteIp();
    }

    /**
     * Ends the stream (RFC 6120 §4.4, §4.9): with a stream error when {@code error} is set, then the closing tag;
     * the connection closes after a short drain so the client can read it. Callable from any thread.
     */
    void close(StreamError error, String text) {
        onLoop(() -> closeNow(error, text, StreamSettings.CLOSE_GRACE_MILLIS));
    }

    void streamError(StreamError error, String text) {
        closeNow(error, text, StreamSettings.CLOSE_GRACE_MILLIS);
    }

    /** A stream error with an application-specific condition (RFC 6120 §4.9.4), e.g. XEP-0198's. */
    void streamErrorWith(StreamError error, Element applicationCondition) {
        closeNow(error, null, StreamSettings.CLOSE_GRACE_MILLIS, applicationCondition);
    }

    /** Closes on shutdown: error, closing tag, then the connection as soon as the bytes are out. */
    void shutdown() {
        closeNow(StreamError.SYSTEM_SHUTDOWN, null, 0);
    }

    private void closeNow(StreamError error, String text, long graceMillis) {
        closeNow(error, text, graceMillis, null);
    }

    private void closeNow(StreamError error, String text, long graceMillis, Element applicationCondition) {
        if (closing || !conn.isActive()) {
            return;
        }
        closing = true;
        // a session whose client went silent (XEP-0199 ping unanswered) may be resumed; other closes end it
        endSession = error != StreamError.CONNECTION_TIMEOUT;
        deferred.clear();
        if (error != null) {
            LOG.debug("{}: stream error {}{}", remoteAddress(), error.condition(), text == null ? "" : " (" + text + ")");
            if (!headerSent) {
                sendHeader(null, null); // RFC 6120 §4.9.1.2: open our stream first
            }
            Element streamError = StreamElements.streamError(error, text);
            if (applicationCondition != null) {
                streamError.add(applicationCondition);
            }
            send(streamError);
        }
        conn.writeClose();
        conn.closeAfter(graceMillis);
    }

    private void sendHeader(String clientFrom, String lang) {
        headerSent = true;
        conn.writeHeader(services.domain, clientFrom, services.newId(16), lang == null || lang.isEmpty() ? "en" : lang);
    }
}
