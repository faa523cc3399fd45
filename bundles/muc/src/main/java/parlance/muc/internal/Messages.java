package parlance.muc.internal;

import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * Messages of occupants: groupchat messages to all (XEP-0045 §7.4), subject changes (§8.1) and private messages
 * (§7.5), which reach every session of a multi-session nick (§7.2.9). A groupchat message is built once, decorated by the room features (occupant id), stored (archive,
 * stanza-id) and then broadcast as one {@code Broadcast}. Senders over the XEP-0205 rate get
 * {@code resource-constraint} (type wait).
 */
final class Messages {
    private final Muc muc;
    private final SubjectFeature subjects;

    Messages(Muc muc, SubjectFeature subjects) {
        this.muc = muc;
        this.subjects = subjects;
    }

    /** XEP-0045 §7.4: a groupchat message to the room's address. */
    CompletionStage<?> groupchat(Room room, Stanza message) {
        Occupant sender = room.byReal(message.from());
        if (sender == null) {
            muc.error(message, StanzaError.NOT_ACCEPTABLE, "only occupants may send messages to the room");
            return RoomFeature.DONE;
        }
        if (!sender.role.atLeast(Role.PARTICIPANT)) {
            muc.error(message, StanzaError.FORBIDDEN, "visitors may not speak in this moderated room");
            return RoomFeature.DONE;
        }
        if (!sender.maysend(muc.millis(), muc.settings())) {
            muc.error(message, StanzaError.RESOURCE_CONSTRAINT, "too many messages; slow down");
            return RoomFeature.DONE;
        }
        Element in = message.element();
        if (in.element(QName.get("subject", Namespaces.CLIENT)) != null
                && in.element(QName.get("body", Namespaces.CLIENT)) == null) {
            subjects.change(room, sender, message);
            return RoomFeature.DONE;
        }
        Element out = copy(in, "groupchat");
        for (RoomFeature f : muc.features()) {
            f.message(room, sender, out);
        }
        CompletionStage<Void> stored = RoomFeature.DONE;
        for (RoomFeature f : muc.features()) {
            stored = stored.thenCompose(v -> f.store(room, sender, out));
        }
        return stored.handle((v, e) -> {
            muc.fanout.broadcast(out, sender.jid(), room.sessions());
            for (RoomFeature f : muc.features()) {
                f.broadcast(room, sender, out);
            }
            return null;
        });
    }

    /** XEP-0045 §7.5: a private message to {@code room@service/nick}. */
    void privateMessage(Room room, Stanza message) {
        if (message.isError()) {
            return;
        }
        Occupant sender = room.byReal(message.from());
        if (sender == null) {
            muc.error(message, StanzaError.NOT_ACCEPTABLE, "only occupants may send private messages");
            return;
        }
        if ("groupchat".equals(message.type())) {
            muc.error(message, StanzaError.BAD_REQUEST, "private messages are not of type groupchat");
            return;
        }
        Occupant target = room.occupant(message.to().resource());
        if (target == null) {
            muc.error(message, StanzaError.ITEM_NOT_FOUND, "no such occupant");
            return;
        }
        if (!pmAllowed(room, sender)) {
            muc.error(message, StanzaError.FORBIDDEN, "private messages are not allowed in this room");
            return;
        }
        Element out = copy(message.element(), message.element().attributeValue("type"));
        if (MucNs.child(out, "x", MucNs.USER) == null) {
            out.addElement("x", MucNs.USER);
        }
        for (RoomFeature f : muc.features()) {
            f.message(room, sender, out);
        }
        muc.fanout.broadcast(out, sender.jid(), target.sessions());
    }

    private static boolean pmAllowed(Room room, Occupant sender) {
        switch (room.config.allowPm) {
            case "none":
                return false;
            case "moderators":
                return sender.role == Role.MODERATOR;
            case "participants":
                return sender.role.atLeast(Role.PARTICIPANT);
            default:
                return true;
        }
    }

    /** A new message with the client's id and children, without ids only the room may set (XEP-0359 §3.1). */
    static Element copy(Element in, String type) {
        Element out = Stanzas.newElement(Stanza.Kind.MESSAGE);
        if (type != null) {
            out.addAttribute("type", type);
        }
        String id = in.attributeValue("id");
        if (id != null) {
            out.addAttribute("id", id);
        }
        for (Element child : in.elements()) {
            String ns = child.getNamespaceURI();
            if (!MucNs.SID.equals(ns) && !MucNs.OCCUPANT_ID.equals(ns)) {
                out.add(child.createCopy());
            }
        }
        return out;
    }
}
