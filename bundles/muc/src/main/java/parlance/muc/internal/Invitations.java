package parlance.muc.internal;

import java.util.List;
import java.util.Set;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * Mediated invitations (XEP-0045 §7.8.2) and declines (§7.8.3). An occupant invites through the room; the room
 * sends the invitee {@code <invite from='real address'/>} (with the password of a protected room) and, for clients
 * that only know direct invitations, XEP-0249's {@code <x xmlns='jabber:x:conference'/>}. In a members-only room
 * only admins may invite unless {@code muc#roomconfig_allowinvites} is on; the invitee then becomes a member.
 */
final class Invitations implements RoomFeature {
    private final Muc muc;
    private final Moderation moderation;

    Invitations(Muc muc, Moderation moderation) {
        this.muc = muc;
        this.moderation = moderation;
    }

    @Override
    public void discoFeatures(Room room, Set<String> features) {
        features.add(MucNs.CONFERENCE);
    }

    /** True when the message was an invitation or decline (answered here). */
    boolean handle(Room room, Stanza message, Element userX) {
        List<Element> invites = userX.elements(QName.get("invite", MucNs.USER));
        Element decline = userX.element(QName.get("decline", MucNs.USER));
        if (!invites.isEmpty()) {
            invite(room, message, invites);
            return true;
        }
        if (decline != null) {
            decline(room, message, decline);
            return true;
        }
        return false;
    }

    private void invite(Room room, Stanza message, List<Element> invites) {
        Occupant sender = room.byReal(message.from());
        if (sender == null) {
            muc.error(message, StanzaError.NOT_ACCEPTABLE, "only occupants may invite");
            return;
        }
        Affiliation affiliation = room.affiliation(sender.user());
        if (room.config.membersOnly && !room.config.allowInvites && !affiliation.atLeast(Affiliation.ADMIN)) {
            muc.error(message, StanzaError.FORBIDDEN, "only admins may invite to this room");
            return;
        }
        for (Element invite : invites) {
            Jid invitee;
            try {
                invitee = muc.preparer.parse(invite.attributeValue("to", ""));
            } catch (JidFormatException e) {
                muc.error(message, StanzaError.JID_MALFORMED, null);
                return;
            }
            if (room.config.membersOnly && room.affiliation(invitee) == Affiliation.NONE) {
                moderation.setAffiliation(room, invitee, Affiliation.MEMBER, sender, null);
            }
            String reason = invite.elementText(QName.get("reason", MucNs.USER));
            Element out = Stanzas.newElement(Stanza.Kind.MESSAGE);
            out.addAttribute("id", room.nextId());
            Element x = out.addElement("x", MucNs.USER);
            Element in = x.addElement("invite", MucNs.USER).addAttribute("from", sender.real().toString());
            if (reason != null) {
                in.addElement("reason", MucNs.USER).setText(reason);
            }
            if (room.config.requiredPassword() != null) {
                x.addElement("password", MucNs.USER).setText(room.config.password);
            }
            out.addElement("body", Namespaces.CLIENT).setText(sender.user() + " invites you to the room "
                    + room.jid + (reason == null ? "" : ": " + reason));
            Element direct = out.addElement("x", MucNs.CONFERENCE).addAttribute("jid", room.jid.toString());
            if (reason != null) {
                direct.addAttribute("reason", reason);
            }
            muc.fanout.send(out, room.jid, invitee);
        }
    }

    private void decline(Room room, Stanza message, Element decline) {
        Jid inviter;
        try {
            inviter = muc.preparer.parse(decline.attributeValue("to", ""));
        } catch (JidFormatException e) {
            muc.error(message, StanzaError.JID_MALFORMED, null);
            return;
        }
        Element out = Stanzas.newElement(Stanza.Kind.MESSAGE);
        out.addAttribute("id", room.nextId());
        Element d = out.addElement("x", MucNs.USER).addElement("decline", MucNs.USER)
                .addAttribute("from", message.from().bare().toString());
        String reason = decline.elementText(QName.get("reason", MucNs.USER));
        if (reason != null) {
            d.addElement("reason", MucNs.USER).setText(reason);
        }
        muc.fanout.send(out, room.jid, inviter);
    }
}
