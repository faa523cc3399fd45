package parlance.s2s.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;
import parlance.xml.XmlStreamException;
import parlance.xml.XmlWriter;
import parlance.xml.XmppStreamListener;
import parlance.xml.XmppStreamParser;

/**
 * The transport half of one s2s stream on Netty (RFC 6120 §4): feeds bytes to the parser, writes the header (with
 * the {@code db} prefix of XEP-0220 §2 bound), elements in {@code jabber:server}, stream errors (§4.9), STARTTLS
 * (§5.4) and the idle timeout. Subclasses are the two directions; everything runs on the channel's event loop except
 * {@link #send}, which Netty hands to it.
 */
abstract class S2sStream extends ChannelInboundHandlerAdapter implements XmppStreamListener {
    private static final Logger LOG = LoggerFactory.getLogger(S2sStream.class);
    protected final S2sServices services;
    protected final XmppStreamParser parser;
    protected ChannelHandlerContext ctx;
    protected boolean secured;
    /** The peer's certificate chain once TLS is up (empty when it sent none). */
    protected X509Certificate[] peerChain = new X509Certificate[0];
    /** The ALPN protocol the TLS handshake agreed on (RFC 7301), null when none was negotiated. */
    protected String alpn;
    /**
     * Whether our own certificate went to the peer in the TLS handshake (it asked for one and ours suited it): the
     * precondition of SASL EXTERNAL as initiating server (XEP-0178 §3).
     */
    protected boolean certificateSent;
    /** How a stream authenticated, in the log line {@code s2s stream <from> -> <to> authenticated <how>}. */
    static final String BY_CERTIFICATE = "by certificate (SASL EXTERNAL)";
    static final String BY_DIALBACK = "by dialback";
    /** The SNI name the peer asked for on a direct-TLS connection we accepted (RFC 6066 §3), else null. */
    protected String sni;
    private boolean closing;

    S2sStream(S2sServices services) {
        this.services = services;
        this.parser = new XmppStreamParser(this, services.maxStanzaBytes);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (closing) {
                return;
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            parser.feed(bytes, 0, bytes.length);
        } catch (XmlStreamException e) {
            LOG.debug("{}: {}", ctx.channel().remoteAddress(), e.getMessage());
            streamError(e.condition() != null ? e.condition() : StreamError.NOT_WELL_FORMED);
        } catch (RuntimeException e) {
            LOG.warn("{}: unexpected failure while reading", ctx.channel().remoteAddress(), e);
            streamError(StreamError.INTERNAL_SERVER_ERROR);
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.handler.ssl.SniCompletionEvent) {
            sni = ((io.netty.handler.ssl.SniCompletionEvent) evt).hostname();
        } else if (evt instanceof SslHandshakeCompletionEvent) {
            SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
            if (e.isSuccess()) {
                secured = true;
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                try {
                    Certificate[] certs = ssl.engine().getSession().getPeerCertificates();
                    peerChain = Arrays.stream(certs).filter(X509Certificate.class::isInstance)
                            .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
                } catch (SSLPeerUnverifiedException none) {
                    peerChain = new X509Certificate[0];
                }
                Certificate[] ours = ssl.engine().getSession().getLocalCertificates();
                certificateSent = ours != null && ours.length > 0;
                alpn = ssl.applicationProtocol();
                tlsEstablished();
            } else {
                LOG.info("{}: s2s TLS handshake failed: {}", ctx.channel().remoteAddress(), String.valueOf(e.cause()));
                failed(parlance.api.stanza.StanzaError.REMOTE_SERVER_NOT_FOUND, "TLS handshake failed");
                ctx.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            LOG.debug("{}: s2s stream idle, closing", ctx.channel().remoteAddress());
            close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failed(parlance.api.stanza.StanzaError.REMOTE_SERVER_NOT_FOUND, "connection closed");
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: s2s connection failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void streamClosed() {
        close();
    }

    /** TLS is up: the stream restarts (RFC 6120 §5.4.3.3). */
    protected abstract void tlsEstablished();

    /** The stream ended or failed before it was usable (default: nothing to do). */
    protected void failed(parlance.api.stanza.StanzaError condition, String why) {
    }

    /** Writes a stream header for {@code jabber:server} with the dialback prefix bound. */
    protected void writeHeader(String from, String to, String id) {
        byte[] open = XmlWriter.streamOpen(Namespaces.SERVER, from, to, id, null);
        byte[] db = XmlWriter.attribute("xmlns:" + S2sElements.DB.getPrefix(), S2sElements.DIALBACK);
        ByteBuf b = Unpooled.buffer(open.length + db.length);
        b.writeBytes(open, 0, open.length - 1).writeBytes(db).writeByte('>');
        ctx.writeAndFlush(b);
    }

    /** Writes one element; callable from any thread (Netty runs it on the event loop, in call order). */
    void send(Element e) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(XmlWriter.toBytes(e, Namespaces.SERVER)));
    }

    /** Starts TLS on this connection, as client (with SNI {@code peer}) or server. */
    protected boolean startTls(SslContext context, boolean client, String peer) {
        if (context == null) {
            return false;
        }
        SslHandler ssl = client ? context.newHandler(ctx.alloc(), peer, Resolver.DEFAULT_PORT)
                : context.newHandler(ctx.alloc());
        ctx.pipeline().addFirst("tls", ssl);
        parser.reset();
        return true;
    }

    /** True while the stream may still carry stanzas (not closing, connection up). */
    boolean open() {
        return !closing && ctx != null && ctx.channel().isActive();
    }

    /**
     * Stops reading this connection for {@code nanos} (XEP-0205 §3 throttling: the peer's TCP window fills and it
     * slows down); 0 does nothing. Runs on the event loop.
     */
    protected void pause(long nanos) {
        if (nanos <= 0 || !ctx.channel().config().isAutoRead()) {
            return;
        }
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            ctx.channel().config().setAutoRead(true);
        }, nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Ends the stream with an error (RFC 6120 §4.9.1.1) and closes the connection. */
    protected void streamError(StreamError condition) {
        if (closing) {
            return;
        }
        LOG.debug("{}: s2s stream error {}", ctx.channel().remoteAddress(), condition.condition());
        send(S2sElements.streamError(condition));
        close();
    }

    /** Closes the stream (RFC 6120 §4.4) and then the connection. */
    void close() {
        if (closing) {
            return;
        }
        closing = true;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(XmlWriter.streamClose())).addListener(ChannelFutureListener.CLOSE);
    }
}
