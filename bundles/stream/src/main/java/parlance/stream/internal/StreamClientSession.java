package parlance.stream.internal;

import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;

/**
 * A client session bound on a stream (RFC 6120 §7), whatever its transport. {@link #deliver} queues in the
 * session's {@link Outbox}, which the stream's own thread writes, so writes keep their order and never follow the
 * stream's closing; with stream management (XEP-0198) the session may outlive one stream and be resumed on another.
 * A TCP client that stops reading and lets more than {@value #MAX_PENDING_BYTES} bytes pile up is disconnected with
 * {@code resource-constraint}.
 */
final class StreamClientSession implements ClientSession {
    static final long MAX_PENDING_BYTES = 8L << 20;

    private final Jid jid;
    private final Outbox outbox;
    private volatile boolean secure;
    private volatile String remote;
    private volatile Stanza presence;
    private volatile int priority;
    private volatile boolean interested;

    StreamClientSession(Jid jid, StreamCore stream) {
        this.jid = jid;
        this.outbox = new Outbox(this, stream);
        attached(stream);
    }

    /** The stream carrying this session now (at bind, and on XEP-0198 resumption). */
    void attached(StreamCore stream) {
        this.secure = stream.isSecure();
        this.remote = stream.remoteAddress();
    }

    Outbox outbox() {
        return outbox;
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
        outbox.deliver(stanza);
    }

    /** One recipient's copy of a fan-out, written from the broadcast's shared serialisation where possible. */
    @Override
    public void deliver(Broadcast broadcast) {
        outbox.deliver(broadcast);
    }

    @Override
    public void close(StreamError error, String text) {
        outbox.close(error, text);
    }

    @Override
    public Stanza presence() {
        return presence;
    }

    @Override
    public int priority() {
        return priority;
    }

    /** Records presence; the priority is that of the last available presence (RFC 6121 §4.7.2.3), else 0. */
    @Override
    public void setPresence(Stanza presence) {
        this.presence = presence;
        int p = 0;
        if (presence != null && presence.element().attributeValue("type") == null) {
            Element prio = presence.element().element("priority");
            if (prio != null) {
                try {
                    p = Math.max(-128, Math.min(127, Integer.parseInt(prio.getTextTrim())));
                } catch (NumberFormatException e) {
                    p = 0;
                }
            }
        }
        this.priority = p;
    }

    @Override
    public boolean isInterested() {
        return interested;
    }

    @Override
    public void setInterested(boolean interested) {
        this.interested = interested;
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
    public String toString() {
        return "ClientSession{" + jid + ", " + remote + "}";
    }
}
