package parlance.stream.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;
import parlance.xml.XmlWriter;

/**
 * A client session bound on a TCP stream (RFC 6120 §7). {@link #deliver} serialises on the caller's thread and
 * writes on the channel's event loop, so writes never follow the stream's closing tag. A client that stops reading
 * and lets more than {@value #MAX_PENDING_BYTES} bytes pile up is disconnected with {@code resource-constraint}.
 */
final class TcpClientSession implements ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(TcpClientSession.class);
    static final long MAX_PENDING_BYTES = 8L << 20;

    private final Jid jid;
    private final StreamHandler stream;
    private final Channel channel;
    private final boolean secure;
    private final String remote;
    private volatile Stanza presence;
    private volatile int priority;
    private volatile boolean interested;

    TcpClientSession(Jid jid, StreamHandler stream) {
        this.jid = jid;
        this.stream = stream;
        this.channel = stream.channel();
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
        byte[] bytes;
        try {
            bytes = XmlWriter.toBytes(stanza.element(), Namespaces.CLIENT);
        } catch (RuntimeException e) {
            LOG.warn("Cannot serialise {} for {}", stanza, jid, e);
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            write(bytes);
        } else {
            channel.eventLoop().execute(() -> write(bytes));
        }
    }

    private void write(byte[] bytes) {
        if (stream.isClosing()) {
            return;
        }
        if (channel.bytesBeforeWritable() > MAX_PENDING_BYTES) {
            LOG.info("{} does not read its stream; closing it", jid);
            stream.close(StreamError.RESOURCE_CONSTRAINT, "Too much unread data");
            return;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes), channel.voidPromise());
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
