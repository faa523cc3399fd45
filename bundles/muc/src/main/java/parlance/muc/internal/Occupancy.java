package parlance.muc.internal;

import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * Presence an occupant sends to its room after entering: availability changes (XEP-0045 §7.7), nickname changes
 * (§7.6, status 303), leaving (§7.14); and the removal of occupants by others (kick, ban, affiliation change,
 * shutdown) with the status codes of §15.6. A temporary room goes away with its last occupant (§10.1.2 temporary).
 */
final class Occupancy {
    private final Muc muc;
    private final Entry entry;

    Occupancy(Muc muc, Entry entry) {
        this.muc = muc;
        this.entry = entry;
    }

    /** Presence from a user to {@code room@service/nick}. */
    void presence(Rooms.Slot slot, Stanza presence) {
        Room room = slot.room;
        String nick = presence.to().resource();
        String type = presence.element().attributeValue("type");
        Occupant occupant = room == null ? null : room.byReal(presence.from());
        if (type == null) {
            if (nick == null) {
                muc.error(presence, StanzaError.JID_MALFORMED, "a nickname is required");
            } else if (occupant == null) {
                entry.enter(slot, presence, nick);
            } else if (occupant.nick().equals(nick)) {
                occupant.presence = presence.element().createCopy();
                new OccupantPresence(muc, room, occupant).selfId(presence.id()).broadcast();
            } else {
                changeNick(room, occupant, presence, nick);
            }
        } else if ("unavailable".equals(type) || "error".equals(type)) {
            if (occupant != null) {
                occupant.presence = presence.element().createCopy();
                room.remove(occupant);
                new OccupantPresence(muc, room, occupant).unavailable().selfId(presence.id())
                        .codes("error".equals(type) ? new Integer[] {333} : new Integer[0]).broadcast();
                expireIfEmpty(room);
            }
        }
    }

    /** XEP-0045 §7.6: the occupant takes another nickname. */
    private void changeNick(Room room, Occupant occupant, Stanza presence, String nick) {
        Affiliation affiliation = room.affiliation(occupant.real);
        if (!room.config.changeNick && !affiliation.atLeast(Affiliation.ADMIN)) {
            muc.error(presence, StanzaError.NOT_ACCEPTABLE, "nickname changes are not allowed in this room");
            return;
        }
        Jid owner = room.nickOwner(nick);
        if (room.occupant(nick) != null || (owner != null && !owner.equals(occupant.real.bare()))) {
            muc.error(presence, StanzaError.CONFLICT, "that nickname is in use or registered");
            return;
        }
        new OccupantPresence(muc, room, occupant).unavailable().newNick(nick).codes(303).selfId(presence.id())
                .broadcast();
        room.rename(occupant, nick);
        occupant.presence = presence.element().createCopy();
        OccupantPresence available = new OccupantPresence(muc, room, occupant).selfId(presence.id());
        if (Entry.nickModified(presence)) {
            available.selfCodes(210);
        }
        available.broadcast();
    }

    /**
     * Removes an occupant on someone else's decision (kick 307, ban 301, affiliation 321, members-only 322,
     * shutdown 332), telling everyone, the occupant included.
     */
    void remove(Room room, Occupant occupant, Affiliation affiliation, String actor, String reason,
            Integer... codes) {
        room.remove(occupant);
        occupant.role = Role.NONE;
        Element last = occupant.presence;
        occupant.presence = null;
        new OccupantPresence(muc, room, occupant).unavailable().affiliation(affiliation).actor(actor, reason)
                .codes(codes).broadcast();
        occupant.presence = last;
    }

    /** A temporary room without occupants is destroyed (XEP-0045 §10.1.2, "temporary room"). */
    void expireIfEmpty(Room room) {
        if (room.isEmpty() && !room.config.persistent && !room.destroyed) {
            room.destroyed = true;
            for (RoomFeature f : muc.features()) {
                f.destroyed(room, false);
            }
        }
    }
}
