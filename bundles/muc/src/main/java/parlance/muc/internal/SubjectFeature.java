package parlance.muc.internal;

import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The room subject (XEP-0045 §8.1): changed by moderators, or by participants where
 * {@code muc#roomconfig_changesubject} allows it; broadcast as a groupchat message with {@code <subject/>} and no
 * body; sent to each new occupant after the history (§7.2.15), an empty {@code <subject/>} when none is set.
 */
final class SubjectFeature implements RoomFeature {
    private final Muc muc;
    private final RoomStorage storage;

    SubjectFeature(Muc muc, RoomStorage storage) {
        this.muc = muc;
        this.storage = storage;
    }

    void change(Room room, Occupant sender, Stanza message) {
        if (sender.role != Role.MODERATOR && !(room.config.changeSubject && sender.role == Role.PARTICIPANT)) {
            muc.error(message, StanzaError.FORBIDDEN, "you may not change the subject of this room");
            return;
        }
        Element subject = message.element().element(QName.get("subject", Namespaces.CLIENT));
        room.subject = subject.getText();
        room.subjectFrom = sender.jid();
        room.subjectStamp = muc.now();
        Element out = Messages.copy(message.element(), "groupchat");
        for (RoomFeature f : muc.features()) {
            f.message(room, sender, out);
        }
        muc.fanout.broadcast(out, sender.jid(), room.sessions());
        storage.save(room);
    }

    @Override
    public void joined(Room room, Occupant occupant, Jid session, Element mucX) {
        Element message = Stanzas.newElement(Stanza.Kind.MESSAGE);
        message.addAttribute("type", "groupchat");
        message.addAttribute("id", room.nextId());
        message.addElement("subject", Namespaces.CLIENT).setText(room.subject);
        Jid from = room.subjectFrom == null ? room.jid : room.subjectFrom;
        if (room.subjectStamp != null && !room.subject.isEmpty()) {
            message.addElement("delay", Namespaces.DELAY).addAttribute("from", room.jid.toString())
                    .addAttribute("stamp", room.subjectStamp.toString());
        }
        muc.fanout.send(message, from, session);
    }
}
