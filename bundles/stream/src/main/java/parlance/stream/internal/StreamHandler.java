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
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;
import parlance.stream.internal.tls.TlsMaterial;
import parlance.xml.StreamHeader;
import parlance.xml.XmlStreamException;
import parlance.xml.XmlWriter;
import parlance.xml.XmppStreamListener;
import parlance.xml.XmppStreamParser;

/**
 * One client connection's stream state machine (RFC 6120 §4): stream headers and restarts, features, STARTTLS
 * (§5.4), hand-off to SASL (§6) and to resource binding and stanza routing (§7, §8), stream errors (§4.9) and
 * closing (§4.4). Runs on the channel's event loop only; {@link #close} may be called from other threads.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter implements XmppStreamListener {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);
    static final String NAME = "xmpp";

    final StreamServices services;
    private final XmppStreamParser parser;
    private final SaslNegotiation sasl;
    private final ClientStanzas stanzas;
    private final PreAuthRegistration registration;
    private final ArrayDeque<Element> deferred = new ArrayDeque<>(2);
    private ChannelHandlerContext ctx;
    private final TlsState tls;
    private boolean headerSent;
    private volatile boolean closing;
    private boolean inFeed;
    private boolean resetPending;
    private boolean suspended;
    private String username;
    private long lastReadNanos = System.nanoTime();
    private final IdlePinger pinger;

    StreamHandler(StreamServices services, TlsMaterial directTlsMaterial) {
        this.services = services;
        this.tls = new TlsState(services.tls(), directTlsMaterial);
        this.parser = new XmppStreamParser(this, services.settings.maxStanzaBytes());
        this.sasl = new SaslNegotiation(this);
        this.stanzas = new ClientStanzas(this);
        this.registration = new PreAuthRegistration(this);
        this.pinger = new IdlePinger(this, stanzas);
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
            lastReadNanos = System.nanoTime();
            if (closing) {
                return; // draining after a stream error: input is discarded
            }
            byte[] scratch = services.scratch();
            inFeed = true;
            try {
                while (buf.isReadable() && !closing && !resetPending) {
                    int n = Math.min(buf.readableBytes(), scratch.length);
                    buf.readBytes(scratch, 0, n);
                    parser.feed(scratch, 0, n);
                }
            } finally {
                inFeed = false;
            }
        } catch (XmlStreamException e) {
            LOG.debug("{}: {}", remoteAddress(), e.getMessage());
            streamError(e.condition() != null ? e.condition() : StreamError.NOT_WELL_FORMED, null);
        } catch (RuntimeException e) {
            LOG.warn("{}: unexpected failure while reading", remoteAddress(), e);
            streamError(StreamError.INTERNAL_SERVER_ERROR, null);
        } finally {
            buf.release();
        }
        if (resetPending) {
            resetParser();
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
                closing = true;
                ctx.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            pinger.idle();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        deferred.clear();
        stanzas.ended();
        parser.reset();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: connection failed: {}", remoteAddress(), cause.toString());
        closing = true;
        ctx.close();
    }

    // ---- parser callbacks ----

    @Override
    public void streamOpened(StreamHeader header) {
        if (closing || resetPending) {
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
            boolean tlsFirst = tls.canStart();
            send(StreamElements.preAuthFeatures(tlsFirst, tlsFirst ? List.of() : sasl.offered(),
                    tlsFirst ? List.of() : channelBindingTypes(), !tlsFirst && registration.offered()));
        }
        ctx.flush();
    }

    @Override
    public void element(Element element) {
        if (closing || resetPending) {
            return;
        }
        if (suspended) {
            deferred.add(element);
            return;
        }
        dispatch(element);
    }

    @Override
    public void streamClosed() {
        if (closing) {
            ctx.close(); // we closed first and the client answered (RFC 6120 §4.4)
            return;
        }
        closing = true;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(XmlWriter.streamClose())).addListener(ChannelFutureListener.CLOSE);
    }

    private void dispatch(Element e) {
        String ns = e.getNamespaceURI();
        if (username == null && Namespaces.TLS.equals(ns) && "starttls".equals(e.getName())) {
            startTls();
        } else if (username == null && Namespaces.SASL.equals(ns)) {
            if (tls.canStart()) {
                send(StreamElements.saslFailure("encryption-required")); // RFC 6120 §6.5.3
                ctx.flush();
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
        } else {
            streamError(StreamError.UNSUPPORTED_STANZA_TYPE, null); // RFC 6120 §4.9.3.24
        }
    }

    /** STARTTLS, RFC 6120 §5.4. */
    private void startTls() {
        if (tls.started()) {
            streamError(StreamError.POLICY_VIOLATION, "TLS is already established");
        } else if (tls.start(ctx)) {
            send(StreamElements.element("proceed", Namespaces.TLS));
            ctx.flush();
            requestReset();
        } else {
            send(StreamElements.element("failure", Namespaces.TLS)); // §5.4.2.2
            close(null, null);
        }
    }

    // ---- used by SaslNegotiation and ClientStanzas ----

    /** SASL succeeded (RFC 6120 §6.4.6): send success, then expect a new stream on a reset parser. */
    void authenticated(String user, byte[] additionalData) {
        username = user;
        send(StreamElements.saslData("success", additionalData));
        ctx.flush();
        resetParser(); // bytes after </auth> in this read already belong to the new stream (parser contract)
    }

    /** Pauses reading while an asynchronous step (SASL evaluation) runs; elements already parsed wait. */
    void suspend() {
        suspended = true;
        ctx.channel().config().setAutoRead(false);
    }

    void resume() {
        suspended = false;
        if (!closing) {
            ctx.channel().config().setAutoRead(true);
        }
        Element e;
        try {
            while (!suspended && !closing && !resetPending && (e = deferred.poll()) != null) {
                dispatch(e);
            }
        } catch (RuntimeException ex) {
            LOG.warn("{}: unexpected failure", remoteAddress(), ex);
            streamError(StreamError.INTERNAL_SERVER_ERROR, null);
        }
    }

    void send(Element e) {
        ctx.write(Unpooled.wrappedBuffer(XmlWriter.toBytes(e, Namespaces.CLIENT)), ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    Channel channel() {
        return ctx.channel();
    }

    boolean isSecure() {
        return tls.isSecure();
    }

    boolean isClosing() {
        return closing;
    }

    String username() {
        return username;
    }

    List<String> channelBindingTypes() {
        return tls.channelBindingTypes();
    }

    byte[] channelBinding(String type) {
        return tls.channelBinding(type);
    }

    String remoteAddress() {
        Object a = ctx == null ? null : ctx.channel().remoteAddress();
        return a instanceof InetSocketAddress ? ((InetSocketAddress) a).getAddress().getHostAddress() + ":"
                + ((InetSocketAddress) a).getPort() : String.valueOf(a);
    }

    String remoteIp() {
        Object a = ctx.channel().remoteAddress();
        return a instanceof InetSocketAddress ? ((InetSocketAddress) a).getAddress().getHostAddress() : String.valueOf(a);
    }

    /**
     * Ends the stream (RFC 6120 §4.4, §4.9): with a stream error when {@code error} is set, then the closing tag;
     * the socket closes after a short drain so the client can read it. Callable from any thread.
     */
    void close(StreamError error, String text) {
        Channel ch = ctx.channel();
        if (ch.eventLoop().inEventLoop()) {
            closeNow(error, text, StreamSettings.CLOSE_GRACE_MILLIS);
        } else {
            ch.eventLoop().execute(() -> closeNow(error, text, StreamSettings.CLOSE_GRACE_MILLIS));
        }
    }

    void streamError(StreamError error, String text) {
        closeNow(error, text, StreamSettings.CLOSE_GRACE_MILLIS);
    }

    /** Closes on shutdown: error, closing tag, then the socket as soon as the bytes are out. */
    void shutdown() {
        closeNow(StreamError.SYSTEM_SHUTDOWN, null, 0);
    }

    private void closeNow(StreamError error, String text, long graceMillis) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        closing = true;
        deferred.clear();
        if (error != null) {
            LOG.debug("{}: stream error {}{}", remoteAddress(), error.condition(), text == null ? "" : " (" + text + ")");
            if (!headerSent) {
                sendHeader(null, null); // RFC 6120 §4.9.1.2: open our stream first
            }
            send(StreamElements.streamError(error, text));
        }
        ctx.write(Unpooled.wrappedBuffer(XmlWriter.streamClose()), ctx.voidPromise());
        Channel ch = ctx.channel();
        if (graceMillis <= 0) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.flush();
        ch.config().setAutoRead(true); // keep draining input so the client is not reset before it reads the error
        ch.eventLoop().schedule(() -> {
            ch.close();
        }, graceMillis, TimeUnit.MILLISECONDS);
    }

    private void sendHeader(String clientFrom, String lang) {
        headerSent = true;
        String id = services.newId(16);
        ctx.write(Unpooled.wrappedBuffer(XmlWriter.streamOpen(Namespaces.CLIENT, services.domain, clientFrom, id,
                lang == null || lang.isEmpty() ? "en" : lang)), ctx.voidPromise());
    }

    /**
     * RFC 6120 §5.4.3.3: after {@code <proceed/>} the stream restarts over TLS. Plaintext bytes that followed
     * {@code <starttls/>} in the same read are discarded, never parsed as the new stream (STARTTLS command
     * injection).
     */
    private void requestReset() {
        if (inFeed) {
            resetPending = true;
        } else {
            resetParser();
        }
    }

    private void resetParser() {
        resetPending = false;
        deferred.clear();
        headerSent = false;
        parser.reset();
    }
}
