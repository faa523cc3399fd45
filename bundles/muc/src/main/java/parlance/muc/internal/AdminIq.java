package parlance.muc.internal;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * The {@code http://jabber.org/protocol/muc#admin} IQs (XEP-0045 §8, §9, §10.3–§10.8): lists of roles and
 * affiliations (get) and role or affiliation changes by nick or address (set). A set with several items is checked
 * whole before any of it applies; the presences go out before the IQ result.
 */
final class AdminIq {
    private final Muc muc;
    private final Moderation moderation;

    AdminIq(Muc muc, Moderation moderation) {
        this.muc = muc;
        this.moderation = moderation;
    }

    void handle(Room room, Stanza iq) {
        List<Element> items = iq.payload().elements(QName.get("item", MucNs.ADMIN));
        if (items.isEmpty()) {
            muc.error(iq, StanzaError.BAD_REQUEST, "an item is required");
        } else if ("get".equals(iq.type())) {
            list(room, iq, items.get(0));
        } else {
            change(room, iq, items);
        }
    }

    /** XEP-0045 §8.5, §9.5, §9.8, §10.5, §10.8 and friends: who has a role or an affiliation. */
    private void list(Room room, Stanza iq, Element item) {
        Occupant asker = room.byReal(iq.from());
        Affiliation askerAff = room.affiliation(iq.from());
        Element query = MucNs.element("query", MucNs.ADMIN);
        Role role = Role.of(item.attributeValue("role"));
        Affiliation affiliation = Affiliation.of(item.attributeValue("affiliation"));
        if (role != null) {
            if (asker == null || asker.role != Role.MODERATOR) {
                muc.error(iq, StanzaError.FORBIDDEN, null);
                return;
            }
            for (Occupant o : room.occupants()) {
                if (o.role == role) {
                    query.addElement("item", MucNs.ADMIN).addAttribute("role", role.xml())
                            .addAttribute("affiliation", room.affiliation(o.user()).xml())
                            .addAttribute("nick", o.nick()).addAttribute("jid", o.real().toString());
                }
            }
        } else if (affiliation != null && affiliation != Affiliation.NONE) {
            boolean moderator = asker != null && asker.role == Role.MODERATOR;
            if (!askerAff.atLeast(Affiliation.ADMIN) && !(affiliation == Affiliation.MEMBER && moderator)) {
                muc.error(iq, StanzaError.FORBIDDEN, null);
                return;
            }
            for (Jid jid : room.withAffiliation(affiliation)) {
                Element e = query.addElement("item", MucNs.ADMIN).addAttribute("affiliation", affiliation.xml())
                        .addAttribute("jid", jid.toString());
                String nick = room.registeredNick(jid);
                if (nick != null) {
                    e.addAttribute("nick", nick);
                }
            }
        } else {
            muc.error(iq, StanzaError.BAD_REQUEST, "ask for a role or an affiliation");
            return;
        }
        muc.result(iq, query);
    }

    /** One checked change of an admin set. */
    private record Change(Occupant target, Role role, Jid user, Affiliation affiliation, String reason) {
    }

    private void change(Room room, Stanza iq, List<Element> items) {
        Occupant actor = room.byReal(iq.from());
        List<Change> changes = new ArrayList<>();
        for (Element item : items) {
            Object checked = check(room, iq.from(), actor, item);
            if (checked instanceof StanzaError error) {
                muc.error(iq, error, null);
                return;
            }
            changes.add((Change) checked);
        }
        for (Change c : changes) {
            if (c.role != null) {
                if (room.occupant(c.target.nick()) == c.target) {
                    moderation.setRole(room, c.target, c.role, actor, c.reason);
                }
            } else {
                moderation.setAffiliation(room, c.user, c.affiliation, actor, c.reason);
            }
        }
        muc.result(iq, null);
    }

    /** A {@link Change} or the {@link StanzaError} refusing it. */
    private Object check(Room room, Jid from, Occupant actor, Element item) {
        String reason = Moderation.reason(item);
        Role role = Role.of(item.attributeValue("role"));
        Affiliation affiliation = Affiliation.of(item.attributeValue("affiliation"));
        String nick = item.attributeValue("nick");
        if (role != null && affiliation == null) {
            Occupant target = nick == null ? null : room.occupant(nick);
            if (target == null) {
                target = byJid(room, item.attributeValue("jid"));
            }
            if (target == null) {
                return actor == null || actor.role != Role.MODERATOR ? StanzaError.FORBIDDEN
                        : StanzaError.ITEM_NOT_FOUND;
            }
            StanzaError error = moderation.checkRole(room, actor, target, role);
            return error != null ? error : new Change(target, role, null, null, reason);
        }
        if (affiliation != null) {
            Jid user = null;
            String jid = item.attributeValue("jid");
            if (jid != null) {
                try {
                    user = muc.preparer.parse(jid).bare();
                } catch (JidFormatException e) {
                    return StanzaError.JID_MALFORMED;
                }
            } else if (nick != null && room.occupant(nick) != null) {
                user = room.occupant(nick).user();
            }
            if (user == null) {
                return StanzaError.BAD_REQUEST;
            }
            StanzaError error = moderation.checkAffiliation(room, from, user, affiliation);
            return error != null ? error : new Change(null, null, user, affiliation, reason);
        }
        return StanzaError.BAD_REQUEST;
    }

    private static Occupant byJid(Room room, String jid) {
        if (jid == null) {
            return null;
        }
        for (Occupant o : room.occupants()) {
            if (o.sessions().stream().anyMatch(s -> s.toString().equals(jid))) {
                return o;
            }
        }
        return null;
    }
}
