package parlance.pubsub.internal;

import java.util.Collection;
import java.util.function.Supplier;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Stanza;

/**
 * Sends what the services say, always through the router, so that each recipient's server-side rules apply as to
 * any stanza (XEP-0191 §3.3: a user who blocks the service or a PEP account gets no notifications from it). A
 * notification for many recipients becomes one {@link Broadcast}, which the router delivers to local sessions with
 * one serialisation ({@link Router#route(Broadcast, Collection)}); bare addresses of subscribers and remote
 * contacts get their copies as the router routes any stanza.
 */
final class Fanout {
    private final SessionManager sessions;
    private final Supplier<Router> router;

    Fanout(SessionManager sessions, Supplier<Router> router) {
        this.sessions = sessions;
        this.router = router;
    }

    /** Sends {@code template} (a new element, not yet shared) from {@code from} to each recipient. */
    void broadcast(Element template, Jid from, Collection<Jid> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        template.addAttribute("from", from.toString());
        router.get().route(Broadcast.of(template, from), recipients);
    }

    /** Sends a new element (not yet shared) from {@code from} to one recipient. */
    void send(Element element, Jid from, Jid to) {
        element.addAttribute("from", from.toString());
        element.addAttribute("to", to.toString());
        send(Stanza.of(element, from, to));
    }

    /** Sends a complete stanza (a reply, an error, a query). */
    void send(Stanza stanza) {
        if (stanza == null || stanza.to() == null) {
            return;
        }
        router.get().route(stanza);
    }

    /** The available sessions of an account (RFC 6121 §4.2: those that sent initial presence). */
    Collection<ClientSession> available(Jid bare) {
        return sessions.sessions(bare).stream().filter(Fanout::isAvailable).toList();
    }

    static boolean isAvailable(ClientSession s) {
        Stanza p = s.presence();
        return p != null && p.element().attributeValue("type") == null;
    }
}
