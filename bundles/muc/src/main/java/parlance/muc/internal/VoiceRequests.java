package parlance.muc.internal;

import java.util.List;
import java.util.Map;
import org.dom4j.Element;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * Voice requests in moderated rooms (XEP-0045 §7.13, §8.6): a visitor's {@code muc#request} form goes to every
 * moderator as an approval form; a moderator's submitted form with {@code muc#request_allow} true grants voice.
 */
final class VoiceRequests {
    private final Muc muc;
    private final Moderation moderation;

    VoiceRequests(Muc muc, Moderation moderation) {
        this.muc = muc;
        this.moderation = moderation;
    }

    void handle(Room room, Stanza message, Element form) {
        Occupant sender = room.byReal(message.from());
        if (sender == null) {
            muc.error(message, StanzaError.NOT_ACCEPTABLE, null);
            return;
        }
        Map<String, List<String>> values = DataForms.values(form);
        if ("submit".equals(form.attributeValue("type")) && sender.role == Role.MODERATOR) {
            approve(room, sender, values);
            return;
        }
        if (!room.config.voiceRequests || sender.role != Role.VISITOR) {
            muc.error(message, StanzaError.NOT_ALLOWED, null);
            return;
        }
        Element out = Stanzas.newElement(Stanza.Kind.MESSAGE);
        out.addAttribute("id", room.nextId());
        Element f = DataForms.form("form", MucNs.REQUEST);
        f.addElement("title", MucNs.DATA).setText("Voice request");
        DataForms.field(f, "muc#role", "list-single", "Requested role", "participant");
        DataForms.field(f, "muc#jid", "jid-single", "User ID", sender.real().toString());
        DataForms.field(f, "muc#roomnick", "text-single", "Room nickname", sender.nick());
        DataForms.field(f, "muc#request_allow", "boolean", "Grant voice to this person?", "false");
        out.add(f);
        muc.fanout.broadcast(out, room.jid, room.occupants().stream().filter(o -> o.role == Role.MODERATOR)
                .flatMap(o -> o.sessions().stream()).toList());
    }

    private void approve(Room room, Occupant moderator, Map<String, List<String>> values) {
        List<String> allow = values.get("muc#request_allow");
        List<String> nick = values.get("muc#roomnick");
        if (allow == null || allow.isEmpty() || nick == null || nick.isEmpty()) {
            return;
        }
        Occupant target = room.occupant(nick.get(0));
        boolean granted = "true".equals(allow.get(0)) || "1".equals(allow.get(0));
        if (granted && target != null && target.role == Role.VISITOR
                && moderation.checkRole(room, moderator, target, Role.PARTICIPANT) == null) {
            moderation.setRole(room, target, Role.PARTICIPANT, moderator, null);
        }
    }
}
