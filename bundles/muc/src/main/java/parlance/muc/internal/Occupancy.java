package parlance.muc.internal;

import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * Presence an occupant sends to its room after entering: availability changes (XEP-0045 §7.7), nickname changes
 * (§7.6, status 303), leaving (§7.14); and the removal of occupants by others (kick, ban, affiliation change,
 * shutdown) with the status codes of §15.6. A temporary room goes away with its last occupant (§10.1.2 temporary).
 * With a multi-session nick (§7.2.9) one session's presence is only its own: others see the primary session,
 * a session leaving leaves the occupant in the room while another session remains, and a session taking another
 * nick moves alone (into a new occupant, or into the same user's occupant holding that nick).
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
                update(room, occupant, presence);
            } else {
                changeNick(room, occupant, presence, nick);
            }
        } else if ("unavailable".equals(type) || "error".equals(type)) {
            if (occupant != null) {
                leave(room, occupant, presence, "error".equals(type) ? new Integer[] {333} : new Integer[0]);
            }
        }
    }

    /** XEP-0045 §7.7: a new presence of one session; the others see it when it is the primary session's. */
    private void update(Room room, Occupant occupant, Stanza presence) {
        Jid session = presence.from();
        occupant.presence(session, presence.element().createCopy());
        OccupantPresence p = new OccupantPresence(muc, room, occupant).selfId(session, presence.id());
        if (session.equals(occupant.real())) {
            p.broadcast();
        } else {
            p.toSession(session, occupant.presence(session));
        }
    }

    /** XEP-0045 §7.14: a session leaves; the occupant leaves with its last session. */
    private void leave(Room room, Occupant occupant, Stanza presence, Integer[] codes) {
        Jid session = presence.from();
        Element last = presence.element().createCopy();
        if (occupant.sessionCount() > 1) {
            boolean primary = session.equals(occupant.real());
            room.removeSession(occupant, session);
            new OccupantPresence(muc, room, occupant).unavailable().selfId(session, presence.id()).codes(codes)
                    .toSession(session, last);
            if (primary) {
                new OccupantPresence(muc, room, occupant).broadcast();
            }
            return;
        }
        occupant.presence(session, last);
        room.remove(occupant);
        new OccupantPresence(muc, room, occupant).unavailable().selfId(session, presence.id()).codes(codes)
                .broadcast();
        expireIfEmpty(room);
    }

    /** XEP-0045 §7.6: the occupant takes another nickname. */
    private void changeNick(Room room, Occupant occupant, Stanza presence, String nick) {
        Affiliation affiliation = room.affiliation(occupant.user());
        if (!room.config.changeNick && !affiliation.atLeast(Affiliation.ADMIN)) {
            muc.error(presence, StanzaError.NOT_ACCEPTABLE, "nickname changes are not allowed in this room");
            return;
        }
        Jid owner = room.nickOwner(nick);
        Occupant holder = room.occupant(nick);
        if ((holder != null && !holder.user().equals(occupant.user()))
                || (owner != null && !owner.equals(occupant.user()))) {
            muc.error(presence, StanzaError.CONFLICT, "that nickname is in use or registered");
            return;
        }
        if (holder != null || occupant.sessionCount() > 1) {
            moveSession(room, occupant, presence, nick, holder);
            return;
        }
        Jid session = presence.from();
        new OccupantPresence(muc, room, occupant).unavailable().newNick(nick).codes(303)
                .selfId(session, presence.id()).broadcast();
        room.rename(occupant, nick);
        occupant.presence(session, presence.element().createCopy());
        OccupantPresence available = new OccupantPresence(muc, room, occupant).selfId(session, presence.id());
        if (Entry.nickModified(presence)) {
            available.selfCodes(210);
        }
        available.broadcast();
    }

    /**
     * A session of a multi-session occupant takes another nick, or a session takes the nick of the same user's
     * other occupant: only that session moves. It sees its old nick leave with 303; the others see the old
     * occupant leave (without 303) when that was its last session, and the new nick appear when it is new.
     */
    private void moveSession(Room room, Occupant occupant, Stanza presence, String nick, Occupant holder) {
        Jid session = presence.from();
        Element old = occupant.presence(session);
        if (occupant.sessionCount() > 1) {
            boolean primary = session.equals(occupant.real());
            room.removeSession(occupant, session);
            new OccupantPresence(muc, room, occupant).unavailable().newNick(nick).selfCodes(303)
                    .toSession(session, old);
            if (primary) {
                new OccupantPresence(muc, room, occupant).broadcast();
            }
        } else {
            room.remove(occupant);
            new OccupantPresence(muc, room, occupant).unavailable().newNick(nick).selfCodes(303).broadcast();
        }
        if (holder != null) {
            entry.joinSession(room, holder, presence, null, false);
            return;
        }
        Occupant moved = entry.newOccupant(room, presence);
        room.add(moved);
        new OccupantPresence(muc, room, moved).selfId(session, presence.id()).broadcast();
    }

    /**
     * Removes an occupant on someone else's decision (kick 307, ban 301, affiliation 321, members-only 322,
     * shutdown 332), telling everyone, every session of the occupant included.
     */
    void remove(Room room, Occupant occupant, Affiliation affiliation, String actor, String reason,
            Integer... codes) {
        room.remove(occupant);
        occupant.role = Role.NONE;
        new OccupantPresence(muc, room, occupant).unavailable().plain().affiliation(affiliation)
                .actor(actor, reason).codes(codes).broadcast();
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
