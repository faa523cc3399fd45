package parlance.stream.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;
import parlance.stream.internal.tls.TlsMaterial;
import parlance.xml.StreamHeader;
import parlance.xml.XmlStreamException;
import parlance.xml.XmlWriter;
import parlance.xml.XmppStreamListener;
import parlance.xml.XmppStreamParser;

/**
 * The TCP transport of one client connection on Netty: feeds bytes to the incremental parser and its events to the
 * {@link StreamCore}, writes serialised elements, STARTTLS (RFC 6120 §5.4) and direct TLS (XEP-0368), idle events
 * (XEP-0199 pings) and the socket's end. Runs on the channel's event loop.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter implements XmppStreamListener, Connection {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);
    static final String NAME = "xmpp";

    private final StreamServices services;
    private final XmppStreamParser parser;
    private final StreamCore core;
    private final TlsState tls;
    private ChannelHandlerContext ctx;
    private boolean inFeed;
    private boolean resetPending;
    /** Last input (nanoTime), and whether a hibernation check is scheduled; event loop only. */
    private long lastInput;
    private boolean hibernateScheduled;

    StreamHandler(StreamServices services, TlsMaterial directTlsMaterial) {
        this.services = services;
        this.tls = new TlsState(services.tls(), directTlsMaterial);
        this.parser = new XmppStreamParser(this, services.settings.maxStanzaBytes());
        this.core = new StreamCore(services, this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    // ---- Netty side ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            core.touched();
            if (core.isClosing()) {
                return; // draining after a stream error: input is discarded
            }
            byte[] scratch = services.scratch();
            inFeed = true;
            try {
                while (buf.isReadable() && !core.isClosing() && !resetPending) {
                    int n = Math.min(buf.readableBytes(), scratch.length);
                    buf.readBytes(scratch, 0, n);
                    parser.feed(scratch, 0, n);
                }
            } finally {
                inFeed = false;
            }
        } catch (XmlStreamException e) {
            LOG.debug("{}: {}", remoteAddress(), e.getMessage());
            core.streamError(e.condition() != null ? e.condition() : StreamError.NOT_WELL_FORMED, null);
        } catch (RuntimeException e) {
            LOG.warn("{}: unexpected failure while reading", remoteAddress(), e);
            core.streamError(StreamError.INTERNAL_SERVER_ERROR, null);
        } finally {
            buf.release();
        }
        if (resetPending) {
            resetParser();
        }
        lastInput = System.nanoTime();
        scheduleHibernation(services.settings.hibernateMillis());
    }

    /**
     * One check per quiet period, not one task per read: when it runs, a connection silent for the whole delay
     * lets its parser hibernate ({@link XmppStreamParser#hibernate}); otherwise it looks again when the delay from
     * the last input is over.
     */
    private void scheduleHibernation(long delayMillis) {
        if (hibernateScheduled || delayMillis <= 0) {
            return;
        }
        hibernateScheduled = true;
        ctx.channel().eventLoop().schedule(this::hibernateIfQuiet, delayMillis, TimeUnit.MILLISECONDS);
    }

    boolean isParserHibernating() {
        return parser.isHibernating();
    }

    private void hibernateIfQuiet() {
        hibernateScheduled = false;
        if (!ctx.channel().isActive() || core.isClosing()) {
            return;
        }
        long delay = services.settings.hibernateMillis();
        long quiet = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastInput);
        if (quiet >= delay) {
            parser.hibernate();
        } else {
            scheduleHibernation(delay - quiet);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent) {
            SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
            if (e.isSuccess()) {
                tls.handshakeDone();
            } else {
                LOG.debug("{}: TLS handshake failed: {}", remoteAddress(), String.valueOf(e.cause()));
                core.ended();
                ctx.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            core.idle();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        core.ended();
        parser.reset();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: connection failed: {}", remoteAddress(), cause.toString());
        core.ended();
        ctx.close();
    }

    /** Closes on shutdown (RFC 6120 §4.9.3.18). */
    void shutdown() {
        core.shutdown();
    }

    // ---- parser callbacks ----

    @Override
    public void streamOpened(StreamHeader header) {
        core.streamOpened(header);
    }

    @Override
    public void element(Element element) {
        core.element(element);
    }

    @Override
    public void streamClosed() {
        core.streamClosed();
    }

    // ---- Connection ----

    @Override
    public void writeHeader(String from, String to, String id, String lang) {
        ctx.write(Unpooled.wrappedBuffer(XmlWriter.streamOpen(Namespaces.CLIENT, from, to, id, lang)),
                ctx.voidPromise());
    }

    @Override
    public void write(Element e) {
        ctx.write(Unpooled.wrappedBuffer(XmlWriter.toBytes(e, Namespaces.CLIENT)), ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public void writeClose() {
        ctx.write(Unpooled.wrappedBuffer(XmlWriter.streamClose()), ctx.voidPromise());
    }

    @Override
    public void closeAfter(long graceMillis) {
        if (graceMillis <= 0) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Channel ch = ctx.channel();
        ctx.flush();
        ch.config().setAutoRead(true); // keep draining input so the client is not reset before it reads the error
        ch.eventLoop().schedule(() -> {
            ch.close();
        }, graceMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void disconnect() {
        ctx.close();
    }

    @Override
    public boolean isActive() {
        return ctx.channel().isActive();
    }

    @Override
    public boolean discarding() {
        return resetPending;
    }

    /**
     * RFC 6120 §5.4.3.3: after {@code <proceed/>} the stream restarts over TLS. Plaintext bytes that followed
     * {@code <starttls/>} in the same read are discarded, never parsed as the new stream (STARTTLS command
     * injection).
     */
    @Override
    public void restartAfterTls() {
        if (inFeed) {
            resetPending = true;
        } else {
            resetParser();
        }
    }

    @Override
    public void restartAfterAuth() {
        resetParser(); // bytes after </auth> in this read already belong to the new stream (parser contract)
    }

    private void resetParser() {
        resetPending = false;
        core.restarted();
        parser.reset();
    }

    @Override
    public void pauseReading() {
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public boolean inLoop() {
        return ctx.channel().eventLoop().inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
        ctx.channel().eventLoop().execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        ctx.channel().eventLoop().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** One serialisation per broadcast (cached in it), then shared head, own {@code to}, shared tail. */
    @Override
    public void write(Broadcast broadcast, Jid to) {
        ctx.write(SharedStanzaBytes.of(broadcast).forRecipient(to), ctx.voidPromise());
    }

    @Override
    public boolean congested() {
        return ctx.channel().bytesBeforeWritable() > StreamClientSession.MAX_PENDING_BYTES;
    }

    @Override
    public boolean canStartTls() {
        return tls.canStart();
    }

    @Override
    public boolean tlsStarted() {
        return tls.started();
    }

    @Override
    public boolean startTls() {
        return tls.start(ctx);
    }

    @Override
    public boolean isSecure() {
        return tls.isSecure();
    }

    @Override
    public List<String> channelBindingTypes() {
        return tls.channelBindingTypes();
    }

    @Override
    public byte[] channelBinding(String type) {
        return tls.channelBinding(type);
    }

    @Override
    public String remoteAddress() {
        Object a = ctx == null ? null : ctx.channel().remoteAddress();
        return a instanceof InetSocketAddress ? ((InetSocketAddress) a).getAddress().getHostAddress() + ":"
                + ((InetSocketAddress) a).getPort() : String.valueOf(a);
    }

    @Override
    public String remoteIp() {
        Object a = ctx.channel().remoteAddress();
        return a instanceof InetSocketAddress ? ((InetSocketAddress) a).getAddress().getHostAddress() : String.valueOf(a);
    }
}
