package parlance.api.router;

import org.osgi.annotation.versioning.ConsumerType;
import parlance.api.stanza.Stanza;

/**
 * Whiteboard: the way out to domains this server neither serves nor hosts (RFC 6120 §10.4), i.e. server-to-server
 * federation. The router hands such a stanza to the registered service with the highest {@code service.ranking};
 * without one it answers {@code remote-server-not-found} itself (§8.3.3.16).
 *
 * <p>The service owns the stanza from then on: it delivers it over a server-to-server stream or, when that fails,
 * routes the error back to the sender through the {@link Router} ({@code remote-server-not-found} §8.3.3.16,
 * {@code remote-server-timeout} §8.3.3.17). It must not block: it is called on the router's (network) threads.
 *
 * @since 1.1
 */
@ConsumerType
public interface RemoteDomains {
    /** Sends {@code stanza}, whose {@code to} domain is remote and whose {@code from} is set and trusted. */
    void send(Stanza stanza);
}
