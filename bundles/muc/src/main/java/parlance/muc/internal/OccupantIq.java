package parlance.muc.internal;

import java.util.Set;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * IQs to an occupant address. A ping to one's own occupant address is answered by the room (XEP-0410 §3 self-ping:
 * result when joined, {@code not-acceptable} when not). Other requests between occupants are forwarded to the
 * target's real address with the sender's occupant address and an id of the room's, and the response is taken back
 * (XEP-0045 §7.5 "IQ to an occupant"); non-occupants get {@code bad-request} (§6.6), or {@code not-acceptable}
 * for a ping.
 */
final class OccupantIq implements RoomFeature {
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
        String id = room.nextId();
        room.forwarded.put(id, new Room.ForwardedIq(iq.from(), iq.id(), target.real));
        Element out = iq.element().createCopy();
        out.addAttribute("id", id);
        muc.fanout.send(out, sender.jid(), target.real);
    }

    /** A result or error for a forwarded request, back to the one who asked. */
    private void response(Room room, Stanza iq) {
        String id = iq.id();
        Room.ForwardedIq pending = id == null ? null : room.forwarded.get(id);
        Occupant responder = room.byReal(iq.from());
        if (pending == null || !pending.target().equals(iq.from()) || responder == null) {
            return;
        }
        room.forwarded.remove(id);
        Element out = iq.element().createCopy();
        if (pending.id() == null) {
            out.remove(out.attribute("id"));
        } else {
            out.addAttribute("id", pending.id());
        }
        Jid requester = pending.requester();
        muc.fanout.send(out, responder.jid(), requester);
    }
}
