package parlance.muc.internal;

import java.util.Iterator;
import java.util.Set;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * IQs to an occupant address. A ping to one's own occupant address is answered by the room (XEP-0410 §3 self-ping:
 * result when joined, {@code not-acceptable} when not). Other requests between occupants are forwarded with the
 * sender's occupant address and an id of the room's, and the response is taken back with the responder's occupant
 * address (XEP-0045 §18.3 "IQ" business rules: neither side learns the other's real address); non-occupants get
 * {@code bad-request} (§6.6), or {@code not-acceptable} for a ping. A request goes to the occupant's primary
 * session, except a vcard-temp request (XEP-0054), which goes to the user's bare address so that the user's server
 * answers it, as Prosody and ejabberd do: clients do not answer vCard requests themselves.
 */
final class OccupantIq implements RoomFeature {
    /** Forwarded requests a room remembers at most; the oldest unanswered ones are forgotten first. */
    static final int MAX_PENDING = 256;
    private final Muc muc;

    OccupantIq(Muc muc) {
        this.muc = muc;
    }

    @Override
    public void discoFeatures(Room room, Set<String> features) {
        features.add(MucNs.SELF_PING);
    }

    void handle(Room room, Stanza iq) {
        Occupant sender = room.byReal(iq.from());
        if (!iq.isIqRequest()) {
            response(room, iq);
            return;
        }
        Element payload = iq.payload();
        boolean ping = payload != null && Namespaces.PING.equals(payload.getNamespaceURI());
        if (sender == null) {
            // XEP-0410 §3: a self-ping from someone not joined; XEP-0045 §6.6 (disco): bad-request
            muc.error(iq, ping ? StanzaError.NOT_ACCEPTABLE : StanzaError.BAD_REQUEST,
                    "you are not an occupant of this room");
            return;
        }
        Occupant target = room.occupant(iq.to().resource());
        if (target == sender && ping) {
            muc.result(iq, null);
            return;
        }
        if (target == null) {
            muc.error(iq, StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        boolean vcard = payload != null && MucNs.VCARD.equals(payload.getNamespaceURI());
        Jid to = vcard ? target.user() : target.real();
        String id = room.nextId();
        room.forwarded.put(id, new Room.ForwardedIq(iq.from(), iq.id(), to, target));
        if (room.forwarded.size() > MAX_PENDING) {
            Iterator<String> oldest = room.forwarded.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Element out = iq.element().createCopy();
        out.addAttribute("id", id);
        muc.fanout.send(out, sender.jid(), to);
    }

    /**
     * A result or error for a forwarded request, from the address it went to, back to the session that asked,
     * from the responder's current occupant address; dropped when the responder has left the room.
     */
    private void response(Room room, Stanza iq) {
        String id = iq.id();
        Room.ForwardedIq pending = id == null ? null : room.forwarded.get(id);
        if (pending == null || !pending.target().equals(iq.from())) {
            return;
        }
        room.forwarded.remove(id);
        Occupant responder = pending.occupant();
        if (room.occupant(responder.nick()) != responder) {
            return;
        }
        Element out = iq.element().createCopy();
        if (pending.id() == null) {
            out.remove(out.attribute("id"));
        } else {
            out.addAttribute("id", pending.id());
        }
        muc.fanout.send(out, responder.jid(), pending.requester());
    }
}
