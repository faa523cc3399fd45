package parlance.muc.internal;

import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.StanzaError;

/**
 * The rules and effects of role and affiliation changes (XEP-0045 §8 moderator, §9 admin, §10 owner use cases):
 * who may change what ({@link #checkRole}, {@link #checkAffiliation}) and what occupants then see
 * ({@link #setRole}, {@link #setAffiliation}): kicks (307), bans (301), removal from a members-only room (321),
 * and presence updates carrying the new role or affiliation, the actor and the reason.
 */
final class Moderation {
    private final Muc muc;
    private final Occupancy occupancy;
    private final RoomStorage storage;

    Moderation(Muc muc, Occupancy occupancy, RoomStorage storage) {
        this.muc = muc;
        this.occupancy = occupancy;
        this.storage = storage;
    }

    /** The error for {@code actor} giving {@code target} the role {@code role}, or {@code null} when allowed. */
    StanzaError checkRole(Room room, Occupant actor, Occupant target, Role role) {
        if (actor == null || actor.role != Role.MODERATOR) {
            return StanzaError.FORBIDDEN;
        }
        Affiliation actorAff = room.affiliation(actor.user());
        Affiliation targetAff = room.affiliation(target.user());
        if (role != Role.MODERATOR && (targetAff == Affiliation.OWNER
                || (targetAff == Affiliation.ADMIN && actorAff != Affiliation.OWNER))) {
            return StanzaError.NOT_ALLOWED;
        }
        boolean moderatorChange = role == Role.MODERATOR || target.role == Role.MODERATOR;
        if (moderatorChange && !actorAff.atLeast(Affiliation.ADMIN)) {
            return StanzaError.FORBIDDEN;
        }
        return null;
    }

    /** The error for {@code actor} giving {@code user} the affiliation, or {@code null} when allowed. */
    StanzaError checkAffiliation(Room room, Jid actor, Jid user, Affiliation affiliation) {
        Affiliation actorAff = room.affiliation(actor);
        Affiliation current = room.affiliation(user);
        if (!actorAff.atLeast(Affiliation.ADMIN)) {
            return StanzaError.FORBIDDEN;
        }
        if (actorAff != Affiliation.OWNER) {
            if (affiliation.atLeast(Affiliation.ADMIN)) {
                return StanzaError.FORBIDDEN;
            }
            if (current.atLeast(Affiliation.ADMIN)) {
                return StanzaError.NOT_ALLOWED;
            }
        }
        if (current == Affiliation.OWNER && affiliation != Affiliation.OWNER
                && room.withAffiliation(Affiliation.OWNER).size() == 1) {
            return StanzaError.CONFLICT;
        }
        return null;
    }

    /** XEP-0045 §8.2–§8.4, §9.6–§9.7: applies a checked role change. */
    void setRole(Room room, Occupant target, Role role, Occupant actor, String reason) {
        String actorNick = actor == null ? null : actor.nick();
        if (role == Role.NONE) {
            occupancy.remove(room, target, room.affiliation(target.user()), actorNick, reason, 307);
            occupancy.expireIfEmpty(room);
            return;
        }
        target.role = role;
        new OccupantPresence(muc, room, target).actor(actorNick, reason).broadcast();
    }

    /** XEP-0045 §9.1–§9.4, §10.3–§10.7: applies a checked affiliation change and tells the room. */
    void setAffiliation(Room room, Jid user, Affiliation affiliation, Occupant actor, String reason) {
        Jid bare = user.bare();
        room.setAffiliation(bare, affiliation);
        String actorNick = actor == null ? null : actor.nick();
        for (Occupant o : room.byUser(bare)) {
            if (affiliation == Affiliation.OUTCAST) {
                occupancy.remove(room, o, affiliation, actorNick, reason, 301);
            } else if (room.config.membersOnly && !affiliation.atLeast(Affiliation.MEMBER)) {
                occupancy.remove(room, o, affiliation, actorNick, reason, 321);
            } else {
                o.role = Role.defaultFor(affiliation, room.config.moderated);
                new OccupantPresence(muc, room, o).actor(actorNick, reason).broadcast();
            }
        }
        occupancy.expireIfEmpty(room);
        storage.save(room);
    }

    /** Removes everyone without membership when a room becomes members-only (status 322, XEP-0045 §9.4). */
    void enforceMembersOnly(Room room) {
        for (Occupant o : room.occupants()) {
            Affiliation a = room.affiliation(o.user());
            if (!a.atLeast(Affiliation.MEMBER)) {
                occupancy.remove(room, o, a, null, null, 322);
            }
        }
    }

    /** The reason text of an admin item, or {@code null}. */
    static String reason(Element item) {
        Element reason = MucNs.child(item, "reason", item.getNamespaceURI());
        return reason == null ? null : reason.getTextTrim();
    }
}
