/**
 * The transport seam of the stream layer: a transport that carries an XMPP client stream as complete elements
 * rather than as one XML document on a socket (XMPP over WebSocket, RFC 7395; BOSH, XEP-0124/XEP-0206) opens an
 * {@link parlance.stream.spi.ElementStream} from the {@link parlance.stream.spi.XmppStreams} service and hands it the
 * stream header, the first-level elements and the close; it gets elements back through its
 * {@link parlance.stream.spi.ElementTransport} and frames them itself. SASL (RFC 6120 §6) including XEP-0077
 * in-band registration, resource binding (§7), the stanza checks and {@code from} stamping (§8.1.2.1), routing and
 * {@code ClientSession} delivery are the same state machine the TCP listener uses; STARTTLS is never offered (the
 * transport owns its security and reports it with {@link parlance.stream.spi.ElementTransport#isSecure()}).
 * Since 1.1, {@link parlance.stream.spi.HeldSessions} tells which sessions stream management holds (XEP-0198 §5).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package parlance.stream.spi;
