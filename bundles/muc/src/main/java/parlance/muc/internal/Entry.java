package parlance.muc.internal;

import java.security.SecureRandom;
import java.util.Base64;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * Entering a room (XEP-0045 §7.2) and creating one by entering it (§10.1.1). The checks run in the order of
 * §7.2: locked room (item-not-found, §10.1.1), ban (forbidden, §7.2.8), members-only (registration-required,
 * §7.2.7), nickname conflict (conflict, §7.2.9: a nick held by another user; the same user's other resource joins
 * the occupant as another session, a multi-session nick), password (not-authorized, §7.2.6), full room
 * (service-unavailable, §7.2.10; a further session of an occupant does not count). Status codes of the occupant's own presence: 110, 100 (non-anonymous), 170
 * (archived), 201 (created), 210 (nickname modified by the service).
 */
final class Entry {
    private final Muc muc;
    private final Rooms rooms;
    private final SecureRandom random = new SecureRandom();

    Entry(Muc muc, Rooms rooms) {
        this.muc = muc;
        this.rooms = rooms;
    }

    void enter(Rooms.Slot slot, Stanza presence, String nick) {
        Jid real = presence.from();
        Element mucX = MucNs.child(presence.element(), "x", MucNs.MUC);
        Room room = slot.room;
        boolean created = false;
        if (room == null) {
            room = create(slot, presence, mucX != null);
            if (room == null) {
                return;
            }
            created = true;
        } else {
            StanzaError refusal = refusal(room, real, nick, mucX);
            if (refusal != null) {
                muc.error(presence, refusal, null);
                return;
            }
        }
        Occupant existing = room.occupant(nick);
        if (existing != null) {
            joinSession(room, existing, presence, mucX, true);
            return;
        }
        Occupant occupant = newOccupant(room, presence);
        for (Occupant other : room.occupants()) {
            new OccupantPresence(muc, room, other).to(occupant, real);
        }
        room.add(occupant);
        OccupantPresence own = new OccupantPresence(muc, room, occupant).selfId(real, presence.id());
        selfCodes(room, own, presence);
        if (created) {
            own.selfCodes(201);
        }
        own.broadcast();
        for (RoomFeature f : muc.features()) {
            f.joined(room, occupant, real, mucX);
        }
    }

    /** A new occupant for the sender of {@code presence} under the nick it is addressed to (not yet in the room). */
    Occupant newOccupant(Room room, Stanza presence) {
        Jid real = presence.from();
        Affiliation affiliation = room.affiliation(real);
        return new Occupant(real, presence.element().createCopy(), presence.to(),
                Role.defaultFor(affiliation, room.config.moderated), OccupantIdFeature.idFor(room, real),
                new TokenBucket(muc.millis()));
    }

    /**
     * XEP-0045 §7.2.9 multi-session nick: another session of the occupant's user enters it. Nobody else sees a
     * change (the occupant was already there); the new session gets what a newcomer gets when {@code full}: the
     * others' presences, its own (110), history and subject; else (a session moving in from another nick) only
     * its own presence.
     */
    void joinSession(Room room, Occupant occupant, Stanza presence, Element mucX, boolean full) {
        Jid session = presence.from();
        if (full) {
            for (Occupant other : room.occupants()) {
                if (other != occupant) {
                    new OccupantPresence(muc, room, other).to(occupant, session);
                }
            }
        }
        room.addSession(occupant, session, presence.element().createCopy());
        OccupantPresence own = new OccupantPresence(muc, room, occupant).selfId(session, presence.id());
        selfCodes(room, own, presence);
        own.toSession(session, occupant.presence(session));
        if (full) {
            for (RoomFeature f : muc.features()) {
                f.joined(room, occupant, session, mucX);
            }
        }
    }

    /** Status codes of a joining session's own presence: 100 non-anonymous, 170 archived, 210 nick prepared. */
    private void selfCodes(Room room, OccupantPresence own, Stanza presence) {
        if (room.config.nonAnonymous()) {
            own.selfCodes(100);
        }
        if (room.config.archived && muc.archiveStore() != null) {
            own.selfCodes(170);
        }
        if (nickModified(presence)) {
            own.selfCodes(210);
        }
    }

    /** XEP-0045 §10.1.1: the first to enter a room that does not exist creates it and owns it. */
    private Room create(Rooms.Slot slot, Stanza presence, boolean locked) {
        Jid real = presence.from();
        int limit = muc.settings().maxRoomsPerUser();
        if (limit > 0 && rooms.createdBy(real) >= limit) {
            muc.error(presence, StanzaError.RESOURCE_CONSTRAINT, "you have created too many rooms");
            return null;
        }
        byte[] secret = new byte[18];
        random.nextBytes(secret);
        Room room = new Room(presence.to().bare(), new RoomConfig(muc.settings()),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        room.creator = real.bare();
        room.locked = locked;
        room.setAffiliation(real, Affiliation.OWNER);
        slot.room = room;
        return room;
    }

    /** Why {@code real} may not enter as {@code nick}, or {@code null}. */
    private StanzaError refusal(Room room, Jid real, String nick, Element mucX) {
        Affiliation affiliation = room.affiliation(real);
        if (room.locked && affiliation != Affiliation.OWNER) {
            return StanzaError.ITEM_NOT_FOUND;
        }
        if (affiliation == Affiliation.OUTCAST) {
            return StanzaError.FORBIDDEN;
        }
        if (room.config.membersOnly && !affiliation.atLeast(Affiliation.MEMBER)) {
            return StanzaError.REGISTRATION_REQUIRED;
        }
        Jid nickOwner = room.nickOwner(nick);
        Occupant holder = room.occupant(nick);
        if ((holder != null && !holder.user().equals(real.bare()))
                || (nickOwner != null && !nickOwner.equals(real.bare()))) {
            return StanzaError.CONFLICT;
        }
        String password = room.config.requiredPassword();
        if (password != null && !affiliation.atLeast(Affiliation.ADMIN)) {
            String given = mucX == null ? null : mucX.elementText(org.dom4j.QName.get("password", MucNs.MUC));
            if (!password.equals(given)) {
                return StanzaError.NOT_AUTHORIZED;
            }
        }
        int max = room.config.maxUsers == 0 ? muc.settings().maxOccupants()
                : Math.min(room.config.maxUsers, muc.settings().maxOccupants());
        if (holder == null && room.size() >= max && !affiliation.atLeast(Affiliation.ADMIN)) {
            return StanzaError.SERVICE_UNAVAILABLE;
        }
        return null;
    }

    /** True when the service prepared the requested nickname into another form (status 210, XEP-0045 §7.2.3). */
    static boolean nickModified(Stanza presence) {
        String raw = presence.element().attributeValue("to");
        int slash = raw == null ? -1 : raw.indexOf('/');
        return slash >= 0 && !raw.substring(slash + 1).equals(presence.to().resource());
    }
}
