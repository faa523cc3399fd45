package parlance.websocket.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound side of one WebSocket connection: frames from any thread are queued and written in order with at
 * most one pending end point write; after the close frame (RFC 6455 §5.5.1) nothing more is written and the
 * connection closes once the queue is out (at once, or after a grace time for the client to answer). A client that
 * lets more than {@value #MAX_PENDING_BYTES} bytes pile up is disconnected.
 */
final class FrameWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);
    /** Unsent output beyond which a client that does not read is disconnected. */
    static final long MAX_PENDING_BYTES = 8L << 20;

    private final EndPoint endPoint;
    private final Scheduler scheduler;
    private final String remote;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>(); // guarded by this
    private long pendingBytes; // guarded by this
    private boolean writing; // guarded by this
    private boolean closeFrameSent; // guarded by this
    private long closeGraceMillis = -1; // guarded by this; >= 0 once the connection is to close after the writes

    FrameWriter(EndPoint endPoint, Scheduler scheduler, String remote) {
        this.endPoint = endPoint;
        this.scheduler = scheduler;
        this.remote = remote;
    }

    void enqueue(ByteBuffer... frames) {
        ByteBuffer[] batch = null;
        synchronized (this) {
            if (closeFrameSent) {
                return; // nothing follows a close frame (RFC 6455 §5.5.1)
            }
            for (ByteBuffer f : frames) {
                pending.add(f);
                pendingBytes += f.remaining();
            }
            if (pendingBytes > MAX_PENDING_BYTES) {
                LOG.info("{} does not read its WebSocket; closing it", remote);
                pending.clear();
                endPoint.close();
                return;
            }
            if (!writing) {
                batch = takeBatch();
            }
        }
        if (batch != null) {
            write(batch);
        }
    }

    void closeAfterWrites(ByteBuffer closeFrame, long graceMillis) {
        ByteBuffer[] batch = null;
        boolean closeNow = false;
        synchronized (this) {
            if (!closeFrameSent) {
                pending.add(closeFrame);
                closeFrameSent = true;
            }
            if (closeGraceMillis < 0 || graceMillis < closeGraceMillis) {
                closeGraceMillis = graceMillis;
            }
            if (!writing) {
                if (pending.isEmpty()) {
                    closeNow = true;
                } else {
                    batch = takeBatch();
                }
            }
        }
        if (batch != null) {
            write(batch);
        } else if (closeNow) {
            finish();
        }
    }

    /** Called with the lock held. */
    private ByteBuffer[] takeBatch() {
        ByteBuffer[] batch = pending.toArray(new ByteBuffer[0]);
        pending.clear();
        writing = true;
        return batch;
    }

    private void write(ByteBuffer[] batch) {
        long size = 0;
        for (ByteBuffer b : batch) {
            size += b.remaining();
        }
        long written = size;
        endPoint.write(Callback.from(() -> written(written), failure -> {
            LOG.debug("{}: write failed: {}", remote, failure.toString());
            endPoint.close(failure);
        }), batch);
    }

    private void written(long bytes) {
        ByteBuffer[] batch = null;
        boolean done = false;
        synchronized (this) {
            pendingBytes -= bytes;
            if (!pending.isEmpty()) {
                batch = takeBatch();
            } else {
                writing = false;
                done = closeGraceMillis >= 0;
            }
        }
        if (batch != null) {
            write(batch);
        } else if (done) {
            finish();
        }
    }

    /** After the close frame is out: close now, or after the grace time (the client may answer meanwhile). */
    private void finish() {
        long grace;
        synchronized (this) {
            grace = closeGraceMillis;
        }
        if (grace <= 0) {
            endPoint.close();
        } else {
            scheduler.schedule(() -> endPoint.close(), grace, TimeUnit.MILLISECONDS);
        }
    }
}
