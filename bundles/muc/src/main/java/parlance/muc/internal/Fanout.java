package parlance.muc.internal;

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
 * Sends what a room says. A stanza for many occupants becomes one {@link Broadcast}, serialised once by the
 * sessions' transport; occupants with a local session get it delivered directly, the others through the router.
 * Single stanzas take the same way, so the order of everything one occupant receives from a room is kept.
 */
final class Fanout {
    private final SessionManager sessions;
    private final Supplier<Router> router;

    Fanout(SessionManager sessions, Supplier<Router> router) {
        this.sessions = sessions;
        this.router = router;
    }

    /** Sends {@code template} (a new element, not yet shared, without {@code to}) from {@code from} to each. */
    void broadcast(Element template, Jid from, Collection<Jid> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        template.addAttribute("from", from.toString());
        Broadcast broadcast = Broadcast.of(template, from);
        for (Jid to : recipients) {
            ClientSession session = sessions.session(to);
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

    /** Sends a complete stanza (a reply, an error). */
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
}
