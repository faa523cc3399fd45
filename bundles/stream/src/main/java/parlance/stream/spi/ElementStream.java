package parlance.stream.spi;

import org.dom4j.Element;
import org.osgi.annotation.versioning.ProviderType;
import parlance.api.stanza.StreamError;

/**
 * One client stream of an element-framed transport, as seen by the transport: it reports what the client sent,
 * already framed and parsed. Calls must be serial and made where {@link ElementTransport#inTransportThread()} is
 * true.
 */
@ProviderType
public interface ElementStream {
    /**
     * The client opened (or, after SASL success, restarted) the stream (RFC 6120 §4.7, §4.3.3; RFC 7395 §3.4 for
     * {@code <open/>}). The stream answers with {@link ElementTransport#open} and the stream features.
     *
     * @param to the {@code to} attribute, the domain to serve
     * @param from the client's {@code from}, may be {@code null}
     * @param version the {@code version} attribute ({@code 1.0})
     * @param lang the {@code xml:lang} attribute, may be {@code null}
     */
    void header(String to, String from, String version, String lang);

    /** A first-level element (stanza, SASL or stream-level element) with its namespaces resolved. */
    void element(Element element);

    /** The client closed the stream (RFC 6120 §4.4; RFC 7395 §3.6 {@code <close/>}). */
    void close();

    /**
     * The transport found an error in the client's input (not well-formed, too large, bad framing): the stream
     * answers with the stream error (RFC 6120 §4.9) and closes.
     */
    void error(StreamError condition, String text);

    /** The connection is gone: the bound session (if any) leaves the session table. Idempotent. */
    void ended();

    /** Ends the stream from the server side with {@code system-shutdown} (RFC 6120 §4.9.3.18). */
    void shutdown();
}
