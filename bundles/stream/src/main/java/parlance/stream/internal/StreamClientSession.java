package parlance.stream.internal;

import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;

/**
 * A client session bound on a stream (RFC 6120 §7), whatever its transport. {@link #deliver} serialises on the
 * caller's thread and lets the {@link Connection} write on its own thread, so writes never follow the stream's
 * closing. A TCP client that stops reading and lets more than {@value #MAX_PENDING_BYTES} bytes pile up is
 * disconnected with {@code resource-constraint}.
 */
final class StreamClientSession implements ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(StreamClientSession.class);
    static final long MAX_PENDING_BYTES = 8L << 20;

    private final Jid jid;
    private final StreamCore stream;
    private final Connection connection;
    private final boolean secure;
    private final String remote;
    private volatile Stanza presence;
    private volatile int priority;
    private volatile boolean interested;

    StreamClientSession(Jid jid, StreamCore stream) {
        this.jid = jid;
        this.stream = stream;
        this.connection = stream.connection();
        this.secure = stream.isSecure();
        this.remote = stream.remoteAddress();
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
        if (stream.isClosing()) {
            return;
        }
        connection.deliver(stanza.element());
    }

    /** One recipient's copy of a fan-out, written from the broadcast's shared serialisation where possible. */
    @Override
    public void deliver(Broadcast broadcast) {
        if (stream.isClosing()) {
            return;
        }
        connection.deliver(broadcast, jid);
    }

    @Override
    public void close(StreamError error, String text) {
        stream.close(error, text);
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
