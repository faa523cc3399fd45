package parlance.muc.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;

/**
 * The presence a room sends about one occupant (XEP-0045 §7.2.3, §7.6, §7.14, §8.2, §9.1, §10.9): the user's own
 * presence children plus {@code <x xmlns='http://jabber.org/protocol/muc#user'>} with the item (affiliation, role,
 * the real address where the room shows it, new nick, actor, reason) and status codes. Receivers who may see real
 * addresses (everyone in a non-anonymous room, moderators in a semi-anonymous one, §4.2) get one broadcast, the
 * others another, each to every session of theirs; others see the occupant's primary session. Each session of the
 * occupant itself gets its own copy with status 110, built from that session's presence and showing its address;
 * the session that caused the presence gets its id reflected (§7.2.3).
 */
final class OccupantPresence {
    private final Muc muc;
    private final Room room;
    private final Occupant occupant;
    private String type;
    private Affiliation affiliation;
    private String newNick;
    private String actor;
    private String reason;
    private Element destroy;
    private Jid origin;
    private String selfId;
    private boolean plain;
    private final Set<Integer> codes = new LinkedHashSet<>();
    private final Set<Integer> selfCodes = new LinkedHashSet<>();

    OccupantPresence(Muc muc, Room room, Occupant occupant) {
        this.muc = muc;
        this.room = room;
        this.occupant = occupant;
        this.affiliation = room.affiliation(occupant.user());
    }

    OccupantPresence unavailable() {
        type = "unavailable";
        return this;
    }

    OccupantPresence affiliation(Affiliation a) {
        affiliation = a;
        return this;
    }

    OccupantPresence newNick(String nick) {
        newNick = nick;
        return this;
    }

    OccupantPresence actor(String nick, String why) {
        actor = nick;
        reason = why;
        return this;
    }

    OccupantPresence destroy(Element destroyElement) {
        destroy = destroyElement;
        return this;
    }

    /** Without the user's own presence children (a removal decided by someone else). */
    OccupantPresence plain() {
        plain = true;
        return this;
    }

    /**
     * The session whose presence caused this one and that presence's id, reflected in that session's own copy
     * (XEP-0045 §7.2.3).
     */
    OccupantPresence selfId(Jid session, String id) {
        origin = session;
        selfId = id;
        return this;
    }

    /** Status codes every receiver gets. */
    OccupantPresence codes(Integer... c) {
        codes.addAll(List.of(c));
        return this;
    }

    /** Status codes only the occupant itself gets (110 is always added). */
    OccupantPresence selfCodes(Integer... c) {
        selfCodes.addAll(List.of(c));
        return this;
    }

    /**
     * The presence as one receiver sees it: children of {@code own} (a user presence, or {@code null}), the real
     * address {@code shownJid} or none.
     */
    private Element build(Element own, Jid shownJid, boolean self, String id) {
        Element p = Stanzas.newElement(Stanza.Kind.PRESENCE);
        if (type != null) {
            p.addAttribute("type", type);
        }
        if (id != null) {
            p.addAttribute("id", id);
        }
        if (own != null && !plain) {
            for (Element child : own.elements()) {
                String ns = child.getNamespaceURI();
                if (!ns.equals(MucNs.MUC) && !ns.equals(MucNs.USER) && !ns.equals(MucNs.OCCUPANT_ID)
                        && !(type != null && Namespaces.CLIENT.equals(ns) && !"status".equals(child.getName()))) {
                    p.add(child.createCopy());
                }
            }
        }
        Set<Integer> all = new LinkedHashSet<>();
        if (self) {
            all.add(110);
            all.addAll(selfCodes);
        }
        all.addAll(codes);
        Element x = p.addElement("x", MucNs.USER);
        Element item = x.addElement("item", MucNs.USER);
        item.addAttribute("affiliation", affiliation.xml());
        item.addAttribute("role", type == null ? occupant.role.xml() : Role.NONE.xml());
        if (shownJid != null) {
            item.addAttribute("jid", shownJid.toString());
        }
        if (newNick != null && all.contains(303)) {
            item.addAttribute("nick", newNick);
        }
        if (actor != null) {
            item.addElement("actor", MucNs.USER).addAttribute("nick", actor);
        }
        if (reason != null && !reason.isEmpty()) {
            item.addElement("reason", MucNs.USER).setText(reason);
        }
        if (destroy != null) {
            x.add(destroy.createCopy());
        }
        for (Integer code : all) {
            x.addElement("status", MucNs.USER).addAttribute("code", Integer.toString(code));
        }
        for (RoomFeature f : muc.features()) {
            f.presence(room, occupant, p);
        }
        return p;
    }

    /** Whether {@code receiver} sees real addresses in this room (XEP-0045 §4.2). */
    static boolean seesJids(Room room, Occupant receiver) {
        return room.config.nonAnonymous() || receiver.role == Role.MODERATOR;
    }

    /** Sends to every occupant of the room, and to the occupant itself if it is no longer in it. */
    void broadcast() {
        List<Jid> withJid = new ArrayList<>();
        List<Jid> without = new ArrayList<>();
        for (Occupant receiver : room.occupants()) {
            if (receiver != occupant) {
                (seesJids(room, receiver) ? withJid : without).addAll(receiver.sessions());
            }
        }
        send(withJid, true);
        send(without, false);
        toSelf();
    }

    /** Sends the occupant's own copy to each of its sessions. */
    void toSelf() {
        for (Jid session : occupant.sessions()) {
            toSession(session, occupant.presence(session));
        }
    }

    /** Sends the occupant's own copy to one session (one still joined, or one that just left) built from {@code own}. */
    void toSession(Jid session, Element own) {
        String id = session.equals(origin) ? selfId : null;
        muc.fanout.send(build(own, session, true, id), occupant.jid(), session);
    }

    /** Sends the presence (as others see it) to one session of {@code receiver}, e.g. a newcomer (§7.2.3). */
    void to(Occupant receiver, Jid session) {
        muc.fanout.send(build(occupant.presence(), seesJids(room, receiver) ? occupant.real() : null, false, null),
                occupant.jid(), session);
    }

    private void send(Collection<Jid> receivers, boolean showJid) {
        if (!receivers.isEmpty()) {
            muc.fanout.broadcast(build(occupant.presence(), showJid ? occupant.real() : null, false, null),
                    occupant.jid(), receivers);
        }
    }
}
