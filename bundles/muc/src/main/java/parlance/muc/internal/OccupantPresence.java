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
 * others another; the occupant itself gets its own copy with status 110.
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
    private String selfId;
    private final Set<Integer> codes = new LinkedHashSet<>();
    private final Set<Integer> selfCodes = new LinkedHashSet<>();

    OccupantPresence(Muc muc, Room room, Occupant occupant) {
        this.muc = muc;
        this.room = room;
        this.occupant = occupant;
        this.affiliation = room.affiliation(occupant.real);
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

    /** The id of the presence that caused this one, reflected in the occupant's own copy (XEP-0045 §7.2.3). */
    OccupantPresence selfId(String id) {
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

    /** The presence as one receiver sees it. */
    Element build(boolean showJid, boolean self) {
        Element p = Stanzas.newElement(Stanza.Kind.PRESENCE);
        if (type != null) {
            p.addAttribute("type", type);
        }
        if (self && selfId != null) {
            p.addAttribute("id", selfId);
        }
        if (occupant.presence != null) {
            for (Element child : occupant.presence.elements()) {
                String ns = child.getNamespaceURI();
                if (!ns.equals(MucNs.MUC) && !ns.equals(MucNs.USER) && !ns.equals(MucNs.OCCUPANT_ID)
                        && !(type != null && Namespaces.CLIENT.equals(ns) && !"status".equals(child.getName()))) {
                    p.add(child.createCopy());
                }
            }
        }
        Element x = p.addElement("x", MucNs.USER);
        Element item = x.addElement("item", MucNs.USER);
        item.addAttribute("affiliation", affiliation.xml());
        item.addAttribute("role", type == null ? occupant.role.xml() : Role.NONE.xml());
        if (showJid) {
            item.addAttribute("jid", occupant.real.toString());
        }
        if (newNick != null) {
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
        Set<Integer> all = new LinkedHashSet<>();
        if (self) {
            all.add(110);
            all.addAll(selfCodes);
        }
        all.addAll(codes);
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
                (seesJids(room, receiver) ? withJid : without).add(receiver.real);
            }
        }
        send(withJid, true);
        send(without, false);
        toSelf();
    }

    /** Sends only the occupant's own copy. */
    void toSelf() {
        muc.fanout.send(build(true, true), occupant.jid(), occupant.real);
    }

    /** Sends the presence (as others see it) to one receiver, e.g. to a newcomer (XEP-0045 §7.2.3). */
    void to(Occupant receiver) {
        muc.fanout.send(build(seesJids(room, receiver), false), occupant.jid(), receiver.real);
    }

    private void send(Collection<Jid> receivers, boolean showJid) {
        if (!receivers.isEmpty()) {
            muc.fanout.broadcast(build(showJid, false), occupant.jid(), receivers);
        }
    }
}
