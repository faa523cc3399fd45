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
 * Sends what the services say. A notification for many recipients becomes one {@link Broadcast}, serialised once;
 * recipients with a local session get it delivered directly, the others through the router (bare addresses of
 * subscribers, remote contacts).
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
        Broadcast broadcast = Broadcast.of(template, from);
        for (Jid to : recipients) {
            ClientSession session = to.isFull() ? sessions.session(to) : null;
            if (session != null) {
                session.deliver(broadcast);
            } else {
                router.get().route(broadcast.stanzaFor(to));
            }
        }
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
        ClientSession session = stanza.to().isFull() ? sessions.session(stanza.to()) : null;
        if (session != null) {
            session.deliver(stanza);
        } else {
            router.get().route(stanza);
        }
    }

    /** The available sessions of an account (RFC 6121 §4.2: those that sent initial presence). */
    Collection<ClientSession> available(Jid bare) {
        return sessions.sessions(bare).stream().filter(Fanout::isAvailable).toList();
    }

    /** Whether {@code full} is a local session that sent available presence and has not withdrawn it. */
    boolean isAvailable(Jid full) {
        ClientSession s = full.isFull() ? sessions.session(full) : null;
        return s != null && isAvailable(s);
    }

    static boolean isAvailable(ClientSession s) {
        Stanza p = s.presence();
        return p != null && p.element().attributeValue("type") == null;
    }
}
