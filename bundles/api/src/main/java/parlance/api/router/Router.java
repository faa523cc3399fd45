package parlance.api.router;

import java.util.Collection;
import org.osgi.annotation.versioning.ProviderType;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Broadcast;
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
     * Routes one stanza to many recipients (a MUC room message, a PubSub/PEP notification): the same result as
     * {@link #route(Stanza) routing} {@link Broadcast#stanzaFor broadcast.stanzaFor(r)} for each recipient in
     * iteration order, so every address rule, stanza handler and message interceptor applies per recipient
     * (XEP-0191 blocking among them); but a copy that reaches a local session unchanged is delivered with
     * {@link ClientSession#deliver(Broadcast)}, so local deliveries share one serialisation. Never blocks.
     *
     * <p>The default routes a copy per recipient; the router overrides it.
     *
     * @param broadcast the stanza, its {@code from} set and trusted as for {@link #route(Stanza)}
     * @param recipients the {@code to} of each copy (full or bare, local or not)
     * @since 1.2
     */
    default void route(Broadcast broadcast, Collection<Jid> recipients) {
        for (Jid to : recipients) {
            route(broadcast.stanzaFor(to));
        }
    }

    /**
     * Processes a stanza a local client sent on its bound session (the stream layer has stamped {@code from} with
     * the session's full address, RFC 6120 §8.1.2.1). Handlers see {@code origin} in their context. Stanzas of one
     * session are processed in the order they are received.
     */
    void receive(ClientSession origin, Stanza stanza);
}
