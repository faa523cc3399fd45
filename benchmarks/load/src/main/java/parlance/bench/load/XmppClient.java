package parlance.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * One raw XMPP client connection as a state machine on its Netty event loop: stream header, STARTTLS
 * (RFC 6120 §5), SASL PLAIN (RFC 4616) or SCRAM-SHA-1 (RFC 5802) (RFC 6120 §6), resource binding (§7),
 * initial presence (RFC 6121 §4.2), or in-band registration (XEP-0077 §3.1) instead of login. Once online,
 * messages go to the {@link Listener} as raw strings and XEP-0199 pings are answered.
 */
final class XmppClient extends ChannelInboundHandlerAdapter implements StanzaSplitter.Sink {
    /** What the scenario wants to hear about; called on the connection's event loop. */
    interface Listener {
        default void online(XmppClient c) {
        }

        default void registered(XmppClient c, boolean ok) {
        }

        default void message(XmppClient c, String xml) {
        }

        /** A presence stanza received once online (MUC joins, RFC 6121 §4). */
        default void presence(XmppClient c, String xml) {
        }

        /** An IQ result or error received once online (answers to the scenario's own requests). */
        default void iq(XmppClient c, String xml) {
        }

        default void failed(XmppClient c, String why) {
        }
    }

    enum Mech { PLAIN, SCRAM }

    private static final java.util.concurrent.atomic.AtomicLong SEQ = new java.util.concurrent.atomic.AtomicLong();

    final String user;
    final String domain;
    final String password;
    final Mech mech;
    final boolean register;
    final Listener listener;
    final long started = System.nanoTime();
    private final SslContext ssl;
    private final StanzaSplitter splitter = new StanzaSplitter(this);
    private Channel ch;
    private boolean tls;
    private boolean authed;
    private boolean online;
    private boolean done;
    private Scram scram;
    String fullJid;
    /** Free slot for the scenario. */
    Object attachment;

    XmppClient(String user, String domain, String password, Mech mech, boolean register, SslContext ssl,
               Listener listener) {
        this.user = user;
        this.domain = domain;
        this.password = password;
        this.mech = mech;
        this.register = register;
        this.ssl = ssl;
        this.listener = listener;
    }

    Channel channel() {
        return ch;
    }

    boolean isOnline() {
        return online;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ch = ctx.channel();
        header();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            splitter.feed(b);
        } finally {
            b.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("connection closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause.toString());
        ctx.close();
    }

    private void fail(String why) {
        if (!done) {
            done = true;
            listener.failed(this, why);
        }
    }

    /** Ends the stream (RFC 6120 §4.4) and closes; no failure is reported afterwards. */
    void close() {
        done = true;
        if (ch != null && ch.isActive()) {
            send("</stream:stream>").addListener(ChannelFutureListener.CLOSE);
        }
    }

    io.netty.channel.ChannelFuture send(String xml) {
        return ch.writeAndFlush(ByteBufUtil.writeUtf8(ch.alloc(), xml));
    }

    private void header() {
        send("<?xml version='1.0'?><stream:stream to='" + domain
                + "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
    }

    @Override
    public void streamOpened(String header) {
    }

    @Override
    public void streamClosed() {
        fail("server closed the stream");
        ch.close();
    }

    @Override
    public void element(String x) {
        try {
            if (online) {
                if (x.startsWith("<message")) {
                    listener.message(this, x);
                } else if (x.startsWith("<presence")) {
                    listener.presence(this, x);
                } else if (x.startsWith("<iq") && ("result".equals(attr(x, "type")) || "error".equals(attr(x, "type")))) {
                    listener.iq(this, x);
                } else if (x.startsWith("<iq") && x.contains("urn:xmpp:ping") && x.contains("type='get'")
                        || x.startsWith("<iq") && x.contains("urn:xmpp:ping") && x.contains("type=\"get\"")) {
                    String id = attr(x, "id");
                    String from = attr(x, "from");
                    send("<iq type='result' id='" + id + "'" + (from == null ? "" : " to='" + from + "'") + "/>");
                }
                return;
            }
            if (x.startsWith("<stream:features")) {
                features(x);
            } else if (x.startsWith("<proceed")) {
                SslHandler h = ssl.newHandler(ch.alloc());
                ch.pipeline().addFirst(h);
                h.handshakeFuture().addListener(f -> {
                    if (f.isSuccess()) {
                        tls = true;
                        splitter.reset();
                        header();
                    } else {
                        fail("TLS: " + f.cause());
                        ch.close();
                    }
                });
            } else if (x.startsWith("<challenge")) {
                send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + scram.fin(text(x)) + "</response>");
            } else if (x.startsWith("<success")) {
                if (scram != null && !scram.verify(text(x))) {
                    fail("SCRAM server signature mismatch");
                    ch.close();
                    return;
                }
                authed = true;
                splitter.reset();
                header();
            } else if (x.startsWith("<failure")) {
                fail((tls ? "SASL failure " : "STARTTLS failure ") + x);
                ch.close();
            } else if (x.startsWith("<iq")) {
                iq(x);
            } else if (x.startsWith("<stream:error")) {
                fail(x);
                ch.close();
            }
        } catch (Exception e) {
            fail(e.toString());
            ch.close();
        }
    }

    private void features(String x) throws Exception {
        if (!tls) {
            if (!x.contains("<starttls")) {
                throw new IllegalStateException("no STARTTLS offered");
            }
            send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        } else if (register) {
            send("<iq type='set' id='reg1'><query xmlns='jabber:iq:register'><username>" + user
                    + "</username><password>" + password + "</password></query></iq>");
        } else if (!authed) {
            if (mech == Mech.SCRAM) {
                scram = new Scram(user, password);
                send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>" + scram.first()
                        + "</auth>");
            } else {
                send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                        + Scram.b64("\0" + user + "\0" + password) + "</auth>");
            }
        } else {
            send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>load" + SEQ.incrementAndGet() + "</resource>"
                    + "</bind></iq>");
        }
    }

    private void iq(String x) {
        String id = attr(x, "id");
        String type = attr(x, "type");
        if ("reg1".equals(id)) {
            boolean ok = "result".equals(type) || x.contains("<conflict");
            done = true;
            listener.registered(this, ok);
            if (!ok) {
                System.err.println("registration of " + user + " failed: " + x);
            }
            close();
        } else if ("bind1".equals(id)) {
            if (!"result".equals(type)) {
                throw new IllegalStateException("bind failed: " + x);
            }
            int s = x.indexOf("<jid>");
            fullJid = x.substring(s + 5, x.indexOf("</jid>", s));
            send("<presence/>");
            online = true;
            listener.online(this);
        }
    }

    static String attr(String x, String name) {
        int end = x.indexOf('>');
        int i = x.indexOf(" " + name + "=");
        if (i < 0 || i > end) {
            return null;
        }
        int q = i + name.length() + 2;
        char quote = x.charAt(q);
        return x.substring(q + 1, x.indexOf(quote, q + 1));
    }

    private static String text(String x) {
        int gt = x.indexOf('>');
        if (x.charAt(gt - 1) == '/') {
            return "";
        }
        return x.substring(gt + 1, x.lastIndexOf("</"));
    }
}
