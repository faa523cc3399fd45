package parlance.component.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.JidFormatException;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.api.stanza.StreamError;
import parlance.xml.StreamHeader;
import parlance.xml.XmlStreamException;
import parlance.xml.XmlWriter;
import parlance.xml.XmppStreamListener;
import parlance.xml.XmppStreamParser;

/**
 * One external component connection (XEP-0114 §3) on its Netty event loop: the stream header names a configured
 * domain ({@code host-unknown} otherwise), the server answers with a stream id, the component proves the shared
 * secret with {@code <handshake/>} ({@code not-authorized} otherwise; {@code conflict} when the domain is already
 * connected), then the domain is published as a {@link HostedService} until the connection ends. Parsing, size cap
 * and restricted XML are the shared {@link XmppStreamParser}'s (RFC 6120 §4, §11, §13.12).
 */
final class ComponentConnection extends ChannelInboundHandlerAdapter implements XmppStreamListener, HostedService {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentConnection.class);

    private enum State { HEADER, HANDSHAKE, PUBLISHING, READY, CLOSED }

    private final ComponentContext context;
    private final XmppStreamParser parser;
    private final List<Element> early = new ArrayList<>();
    private volatile State state = State.HEADER;
    private volatile Channel channel;
    private ChannelHandlerContext ctx;
    private boolean headerSent;
    private String streamId;
    private String domain;
    private InboundStanzas inbound;
    private ConnectedComponents.Handle handle;

    ComponentConnection(ComponentContext context) {
        this.context = context;
        this.parser = new XmppStreamParser(this, context.maxStanzaBytes);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            byte[] bytes = new byte[Math.min(buf.readableBytes(), 8192)];
            while (buf.isReadable() && state != State.CLOSED) {
                int n = Math.min(buf.readableBytes(), bytes.length);
                buf.readBytes(bytes, 0, n);
                parser.feed(bytes, 0, n);
            }
        } catch (XmlStreamException e) {
            LOG.debug("{}: {}", ctx.channel().remoteAddress(), e.getMessage());
            fail(e.condition(), null);
        } catch (RuntimeException e) {
            LOG.warn("{}: unexpected failure while reading", ctx.channel().remoteAddress(), e);
            fail(StreamError.INTERNAL_SERVER_ERROR, null);
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSED;
        if (handle != null) {
            handle.withdraw();
            handle = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: connection failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** The server stops: {@code system-shutdown} (RFC 6120 §4.9.3.18). Runs on the event loop. */
    void shutdown() {
        fail(StreamError.SYSTEM_SHUTDOWN, null);
    }

    // ---- parser callbacks (event loop) ----

    @Override
    public void streamOpened(StreamHeader header) {
        if (state != State.HEADER) {
            fail(StreamError.BAD_FORMAT, null);
            return;
        }
        if (!ComponentElements.ACCEPT.equals(header.defaultNamespace())) {
            fail(StreamError.INVALID_NAMESPACE, "Components use " + ComponentElements.ACCEPT); // RFC 6120 §4.9.3.10
            return;
        }
        String requested = prepareDomain(header.to());
        if (requested == null || !context.secrets.knows(requested)) {
            fail(StreamError.HOST_UNKNOWN, "No component is configured for this domain"); // RFC 6120 §4.9.3.6
            return;
        }
        domain = requested;
        streamId = context.newStreamId();
        headerSent = true;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(XmlWriter.streamOpen(ComponentElements.ACCEPT, domain, null,
                streamId, null)), ctx.voidPromise());
        state = State.HANDSHAKE;
    }

    @Override
    public void element(Element element) {
        switch (state) {
            case HANDSHAKE:
                handshake(element);
                break;
            case PUBLISHING:
                early.add(element); // sent before our <handshake/>: handled once the domain is published
                break;
            case READY:
                inbound.handle(element);
                break;
            default:
        }
    }

    @Override
    public void streamClosed() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(XmlWriter.streamClose())).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** XEP-0114 §3: verify the digest, claim the domain, publish it, then acknowledge. */
    private void handshake(Element element) {
        if (!"handshake".equals(element.getName()) || !ComponentElements.ACCEPT.equals(element.getNamespaceURI())
                || !context.secrets.verify(domain, streamId, element.getText())) {
            fail(StreamError.NOT_AUTHORIZED, null);
            return;
        }
        if (!context.components.claim(domain, this)) {
            fail(StreamError.CONFLICT, "Another connection serves " + domain);
            return;
        }
        state = State.PUBLISHING;
        channel.config().setAutoRead(false);
        inbound = new InboundStanzas(context, domain, this::fail, this::send);
        handle = context.components.publish(domain, this, this, () -> channel.eventLoop().execute(this::published));
    }

    private void published() {
        if (state != State.PUBLISHING) {
            return; // closed meanwhile: channelInactive withdraws the publication
        }
        state = State.READY;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(XmlWriter.toBytes(ComponentElements.handshake(),
                ComponentElements.ACCEPT)), ctx.voidPromise());
        for (Element e : early) {
            if (state == State.READY) {
                inbound.handle(e);
            }
        }
        early.clear();
        channel.config().setAutoRead(true);
    }

    /** Ends the stream with an error (RFC 6120 §4.9.1.1: after our header, sent first when not yet sent). */
    private void fail(StreamError condition, String text) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (!headerSent) {
            headerSent = true;
            ctx.write(Unpooled.wrappedBuffer(XmlWriter.streamOpen(ComponentElements.ACCEPT, domain, null,
                    context.newStreamId(), null)), ctx.voidPromise());
        }
        ctx.write(Unpooled.wrappedBuffer(XmlWriter.toBytes(ComponentElements.streamError(condition, text),
                ComponentElements.ACCEPT)), ctx.voidPromise());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(XmlWriter.streamClose())).addListener(ChannelFutureListener.CLOSE);
    }

    private String prepareDomain(String to) {
        AddressPreparer preparer = context.preparer();
        if (to == null || preparer == null) {
            return null;
        }
        try {
            return preparer.prepareDomain(to);
        } catch (JidFormatException | RuntimeException e) {
            return null;
        }
    }

    // ---- HostedService: stanzas the router hands to the component's domain (any thread) ----

    @Override
    public void receive(Stanza stanza, Router router) {
        Channel ch = channel;
        if (state != State.READY || ch == null || !ch.isActive() || !ch.isWritable()) {
            Stanza error = Stanzas.error(stanza, ch != null && ch.isActive() && state == State.READY
                    ? StanzaError.RESOURCE_CONSTRAINT : StanzaError.SERVICE_UNAVAILABLE, null);
            if (error != null) {
                router.route(error);
            }
            return;
        }
        send(stanza.element());
    }

    /** Writes a stanza (from any thread; Netty keeps one thread's writes in order). */
    private void send(Element clientStanza) {
        byte[] bytes = XmlWriter.toBytes(ComponentElements.toComponent(clientStanza), ComponentElements.ACCEPT);
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes), channel.voidPromise());
    }
}
