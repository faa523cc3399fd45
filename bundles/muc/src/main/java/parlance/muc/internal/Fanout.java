package parlance.muc.internal;

import java.util.Collection;
import java.util.function.Supplier;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Stanza;

/**
 * Sends what a room says, always through the router, so that each occupant's server-side rules apply to it as to
 * any stanza from the room (XEP-0191 §3.3: an occupant who blocks the room or an occupant's room address gets
 * nothing from it). A stanza for many occupants becomes one {@link Broadcast}, which the router delivers to local
 * sessions with one serialisation ({@link Router#route(Broadcast, Collection)}). Single stanzas take the same way,
 * so the order of everything one occupant receives from a room is kept.
 */
final class Fanout {
    private final Supplier<Router> router;

    Fanout(Supplier<Router> router) {
        this.router = router;
    }

    /** Sends {@code template} (a new element, not yet shared, without {@code to}) from {@code from} to each. */
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

    /** Sends a complete stanza (a reply, an error). */
    void send(Stanza stanza) {
        if (stanza != null && stanza.to() != null) {
            router.get().route(stanza);
        }
    }
}
