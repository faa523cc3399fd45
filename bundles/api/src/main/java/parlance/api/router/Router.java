package parlance.api.router;

import org.osgi.annotation.versioning.ProviderType;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;

/**
 * Routes stanzas by their {@code to} address: to a local session (RFC 6121 §8 rules for bare and full addresses),
 * to the server or an account (handlers), to a hosted service domain, or further away. Never blocks; callable from
 * any thread.
 */
@ProviderType
public interface Router {
    /** Routes a stanza whose {@code from} is already set and trusted (from a handler, a service, s2s). */
    void route(Stanza stanza);

    /**
     * Processes a stanza a local client sent on its bound session (the stream layer has stamped {@code from} with
     * the session's full address, RFC 6120 §8.1.2.1). Handlers see {@code origin} in their context. Stanzas of one
     * session are processed in the order they are received.
     */
    void receive(ClientSession origin, Stanza stanza);
}
