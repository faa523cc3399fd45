package parlance.stream.spi;

import org.dom4j.Element;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What an element-framed transport (RFC 7395 WebSocket, XEP-0206 BOSH) provides to its {@link ElementStream}: the
 * outbound side in elements, a serial executor, flow control, and the connection's properties. The transport frames
 * and serialises each element itself (RFC 7395 §3.3.3: every element carries its own namespace declarations).
 */
@ConsumerType
public interface ElementTransport {
    /**
     * The stream's answer header (RFC 6120 §4.7; RFC 7395 §3.4: {@code <open/>} in the framing namespace).
     *
     * @param from the server's domain
     * @param id the new stream id (RFC 6120 §4.7.3)
     * @param lang the stream language
     */
    void open(String from, String id, String lang);

    /** Queues one element for the client; written at the next {@link #flush()} at the latest. */
    void send(Element element);

    /** Writes what was queued. */
    void flush();

    /** The server closes its side of the stream (RFC 6120 §4.4; RFC 7395 §3.6 {@code <close/>}). */
    void close();

    /**
     * Ends the connection after the queued output is flushed, waiting up to {@code graceMillis} (0: at once) so
     * the client can read a stream error.
     */
    void disconnect(long graceMillis);

    /** Stop reading input (an asynchronous step of the stream is pending); elements already read are kept. */
    void pauseInput();

    /** Read input again. */
    void resumeInput();

    /** Runs a task serially with every other call into the stream (the connection's own thread or queue). */
    void execute(Runnable task);

    /** Runs a task on the connection's serial executor after a delay. */
    void schedule(Runnable task, long delayMillis);

    /** True when called from the serial executor of {@link #execute}. */
    boolean inTransportThread();

    /** Whether the connection is still open. */
    boolean isOpen();

    /**
     * Whether the connection counts as secure for SASL mechanisms that require TLS and for in-band registration:
     * an HTTPS (TLS) connection, or one the transport trusts otherwise (loopback, documented by the transport).
     */
    boolean isSecure();

    /** The client's address and port for logs, e.g. {@code 127.0.0.1:50312}. */
    String remoteAddress();

    /** The client's IP address (throttles and per-address limits). */
    String remoteIp();
}
