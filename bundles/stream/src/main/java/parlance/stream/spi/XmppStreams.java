package parlance.stream.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The stream layer as a service (registered by the c2s component while it is active): opens client streams for
 * element-framed transports. The service leaves and comes back when the c2s configuration changes, so consumers
 * use a dynamic reference; streams opened earlier keep working until they end.
 */
@ProviderType
public interface XmppStreams {
    /** The served domain (what {@code to} of a stream header must name, RFC 6120 §4.7.2). */
    String domain();

    /** The largest element the transport should accept, in bytes (RFC 6120 §13.12 item 4). */
    int maxStanzaBytes();

    /**
     * A new stream for one transport connection; nothing is sent until {@link ElementStream#header} is called.
     * The returned stream is single-threaded: call it only from {@link ElementTransport#execute} tasks (or
     * otherwise serially, as {@link ElementTransport#inTransportThread()} reports).
     */
    ElementStream open(ElementTransport transport);
}
