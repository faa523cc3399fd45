package parlance.websocket.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.dom4j.Element;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.stanza.StreamError;
import parlance.stream.spi.ElementStream;
import parlance.stream.spi.ElementTransport;
import parlance.stream.spi.XmppStreams;

/**
 * One XMPP-over-WebSocket connection (RFC 7395) on the Jetty end point taken over after the HTTP upgrade (RFC 6455
 * §4): reads frames with the {@link FrameDecoder}, hands messages to {@link XmppFraming} on a {@link SerialExecutor}
 * and writes the stream's elements as text frames, one element per message. Pings idle clients (§5.5.2) and closes
 * the connection when a ping goes unanswered for another idle period.
 */
final class WsConnection extends AbstractConnection
        implements ElementTransport, FrameDecoder.Listener, Connection.UpgradeTo {
    private static final Logger LOG = LoggerFactory.getLogger(WsConnection.class);
    private final SerialExecutor serial;
    private final Scheduler scheduler;
    private final boolean secure;
    private final String remote;
    private final String remoteIp;
    private final FrameDecoder decoder;
    private final ElementStream stream;
    private final FrameWriter writer;
    private final XmppFraming framing;
    private final ByteBuffer in = BufferUtil.allocate(8192);
    private final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>(); // serial thread only
    private boolean paused; // guarded by this
    private boolean readWanted; // guarded by this
    private volatile boolean pingOutstanding;
    private volatile boolean open = true;
    private final Consumer<WsConnection> onClosed;

    WsConnection(EndPoint endPoint, Executor pool, Scheduler scheduler, XmppStreams streams, boolean secure,
            Consumer<WsConnection> onClosed) {
        super(endPoint, pool);
        this.onClosed = onClosed;
        this.serial = new SerialExecutor(pool);
        this.scheduler = scheduler;
        this.secure = secure;
        InetSocketAddress a = endPoint.getRemoteAddress();
        this.remoteIp = a == null ? "?" : a.getAddress().getHostAddress();
        this.remote = a == null ? "?" : remoteIp + ":" + a.getPort();
        this.decoder = new FrameDecoder(this, streams.maxStanzaBytes());
        this.writer = new FrameWriter(endPoint, scheduler, remote);
        this.stream = streams.open(this);
        this.framing = new XmppFraming(stream);
    }

    // ---- Jetty connection: input ----

    @Override
    public void onOpen() {
        super.onOpen();
        fillInterested();
    }

    /** Bytes the client sent right behind its upgrade request. */
    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) {
            decoder.feed(buffer);
        }
    }

    @Override
    public void onFillable() {
        try {
            while (true) {
                synchronized (this) {
                    if (paused) {
                        readWanted = true;
                        return;
                    }
                }
                int n = getEndPoint().fill(in);
                if (n > 0) {
                    pingOutstanding = false;
                    decoder.feed(in);
                    BufferUtil.clear(in);
                    if (decoder.isFailed()) {
                        return;
                    }
                } else if (n == 0) {
                    fillInterested();
                    return;
                } else {
                    getEndPoint().close();
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: read failed: {}", remote, e.toString());
            getEndPoint().close(e);
        }
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        if (pingOutstanding) {
            LOG.debug("{}: no answer to a WebSocket ping; closing", remote);
            return true;
        }
        pingOutstanding = true;
        writer.enqueue(Frames.frame(Frames.PING, new byte[0]));
        return false;
    }

    @Override
    public void onClose(Throwable cause) {
        open = false;
        super.onClose(cause);
        onClosed.accept(this);
        serial.execute(stream::ended);
    }

    /** Ends the stream with {@code system-shutdown} (RFC 6120 §4.9.3.18) and closes the connection. */
    void shutdown() {
        stream.shutdown();
    }

    // ---- FrameDecoder.Listener (reader thread) ----

    @Override
    public void text(String message) {
        serial.execute(() -> framing.message(message));
    }

    @Override
    public void ping(byte[] payload) {
        writer.enqueue(Frames.frame(Frames.PONG, payload)); // §5.5.3
    }

    @Override
    public void pong() {
        pingOutstanding = false;
    }

    @Override
    public void close(int code, String reason) {
        LOG.debug("{}: WebSocket closed by the client ({} {})", remote, code, reason);
        writer.closeAfterWrites(Frames.close(Frames.NORMAL, null), 0); // §5.5.1: answer the close
    }

    @Override
    public void failed(int code, String reason) {
        LOG.debug("{}: WebSocket error {} ({})", remote, code, reason);
        if (code == Frames.TOO_BIG) {
            // RFC 6120 §13.12 item 4: the stanza size cap ends the stream with policy-violation
            serial.execute(() -> stream.error(StreamError.POLICY_VIOLATION, "Stanza too large"));
        } else {
            writer.closeAfterWrites(Frames.close(code, reason), 0);
        }
    }

    // ---- ElementTransport (serial thread) ----

    @Override
    public void open(String from, String id, String lang) {
        send(XmppFraming.open(from, id, lang));
    }

    @Override
    public void send(Element element) {
        outbox.add(Frames.text(XmppFraming.text(element)));
    }

    @Override
    public void flush() {
        if (outbox.isEmpty()) {
            return;
        }
        ByteBuffer[] frames = outbox.toArray(new ByteBuffer[0]);
        outbox.clear();
        writer.enqueue(frames);
    }

    @Override
    public void close() {
        send(XmppFraming.close());
    }

    @Override
    public void disconnect(long graceMillis) {
        flush();
        writer.closeAfterWrites(Frames.close(Frames.NORMAL, null), graceMillis);
    }

    @Override
    public void pauseInput() {
        synchronized (this) {
            paused = true;
        }
    }

    @Override
    public void resumeInput() {
        boolean read;
        synchronized (this) {
            paused = false;
            read = readWanted;
            readWanted = false;
        }
        if (read && open) {
            fillInterested();
        }
    }

    @Override
    public void execute(Runnable task) {
        serial.execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        scheduler.schedule(() -> serial.execute(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean inTransportThread() {
        return serial.inThread();
    }

    @Override
    public boolean isOpen() {
        return open && getEndPoint().isOpen();
    }

    /** RFC 7395 §3.7 leaves security to the WebSocket layer: HTTPS, or a loopback client, counts as secure. */
    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String remoteIp() {
        return remoteIp;
    }
}
