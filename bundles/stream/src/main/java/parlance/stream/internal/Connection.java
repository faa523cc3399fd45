package parlance.stream.internal;

import parlance.api.address.Jid;
import parlance.api.stanza.Broadcast;

import java.util.List;
import org.dom4j.Element;

/**
 * The transport under one {@link StreamCore}: TCP on Netty ({@link StreamHandler}) or an element-framed transport
 * ({@link ElementConnection}, for RFC 7395 WebSocket). Every method except {@link #execute} is called on the
 * connection's own thread (a session's {@link Outbox} writes its stanzas there).
 */
interface Connection {
    /** Writes the answer header (RFC 6120 §4.7); {@code to} is the client's {@code from}. */
    void writeHeader(String from, String to, String id, String lang);

    void write(Element e);

    void flush();

    /** Writes the stream's closing (RFC 6120 §4.4) without flushing. */
    void writeClose();

    /** Flushes, then closes the connection (after {@code graceMillis}, draining input meanwhile, when positive). */
    void closeAfter(long graceMillis);

    /** Closes the connection now. */
    void disconnect();

    boolean isActive();

    /** True while input must be discarded until a restart (TCP: bytes after {@code <proceed/>}). */
    boolean discarding();

    /** The stream restarts after STARTTLS {@code <proceed/>} (RFC 6120 §5.4.3.3). */
    void restartAfterTls();

    /** The stream restarts after SASL success (RFC 6120 §6.4.6). */
    void restartAfterAuth();

    void pauseReading();

    void resumeReading();

    boolean inLoop();

    void execute(Runnable task);

    void schedule(Runnable task, long delayMillis);

    /**
     * Writes one recipient's copy of a broadcast, without flushing. Byte transports splice {@code to} into the
     * broadcast's one shared serialisation ({@link SharedStanzaBytes}); element transports get their own copy.
     */
    default void write(Broadcast broadcast, Jid to) {
        write(broadcast.stanzaFor(to).element());
    }

    /** True when the client lets more than {@value StreamClientSession#MAX_PENDING_BYTES} bytes pile up unread. */
    default boolean congested() {
        return false;
    }

    /** True when STARTTLS can still be offered (and is then required, RFC 6120 §5.3.1). */
    boolean canStartTls();

    boolean tlsStarted();

    /** Starts TLS after {@code <proceed/>}; false when no certificate is available. */
    boolean startTls();

    boolean isSecure();

    List<String> channelBindingTypes();

    byte[] channelBinding(String type);

    String remoteAddress();

    String remoteIp();
}
