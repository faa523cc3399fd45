package parlance.api.session;

import org.osgi.annotation.versioning.ProviderType;
import parlance.api.address.Jid;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;

/**
 * A bound client session (RFC 6120 §7): one resource of an account, whatever transport carries it (TCP, BOSH,
 * WebSocket). Its outbound queue keeps order; {@link #deliver} never blocks and may be called from any thread.
 */
@ProviderType
public interface ClientSession {
    /** The full address bound to this session. */
    Jid jid();

    /** Queues a stanza for this client; serialises and writes it on the session's own thread. */
    void deliver(Stanza stanza);

    /**
     * Queues one recipient's copy of a broadcast (MUC, PEP fan-out). Transports that write bytes override this to
     * reuse the broadcast's one serialisation; the default delivers {@link Broadcast#stanzaFor}.
     *
     * @since 1.1
     */
    default void deliver(Broadcast broadcast) {
        deliver(broadcast.stanzaFor(jid()));
    }

    /** Closes the stream with a stream error (RFC 6120 §4.9), or cleanly when {@code error} is {@code null}. */
    void close(StreamError error, String text);

    /**
     * The last broadcast presence of this session (RFC 6121 §4.2), or {@code null} until the client sent initial
     * presence. Only available sessions receive messages addressed to the bare address (RFC 6121 §8.5.2).
     */
    Stanza presence();

    /** The priority of the last available presence (RFC 6121 §4.7.2.3), 0 without one. */
    int priority();

    /** Records the session's presence; called by the presence handler. */
    void setPresence(Stanza presence);

    /** True once the client asked for its roster (RFC 6121 §2.1.6: only such "interested resources" get pushes). */
    boolean isInterested();

    void setInterested(boolean interested);

    /** Whether the stream is encrypted with TLS. */
    boolean isSecure();

    /** Remote address of the transport, for logs and the console (e.g. {@code 127.0.0.1:50312}). */
    String remoteAddress();
}
