package parlance.muc.internal;

import java.util.Set;
import java.util.TreeSet;
import org.dom4j.Element;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * Service discovery on a room (XEP-0045 §6.4 room information with the {@code muc#roominfo} form of §15.5.4,
 * §6.5 room items, §7.12 the {@code x-roomuser-item} node for a registered nickname).
 */
final class RoomDisco {
    static final String ROOMUSER_NODE = "x-roomuser-item";
    private final Muc muc;

    RoomDisco(Muc muc) {
        this.muc = muc;
    }

    void info(Room room, Stanza iq) {
        String node = iq.payload().attributeValue("node");
        Element query = MucNs.element("query", Namespaces.DISCO_INFO);
        if (ROOMUSER_NODE.equals(node)) {
            query.addAttribute("node", node);
            String nick = room.registeredNick(iq.from());
            if (nick != null) {
                query.addElement("identity", Namespaces.DISCO_INFO).addAttribute("category", "conference")
                        .addAttribute("type", "text").addAttribute("name", nick);
            }
            muc.result(iq, query);
            return;
        }
        if (node != null) {
            muc.error(iq, StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        RoomConfig c = room.config;
        query.addElement("identity", Namespaces.DISCO_INFO).addAttribute("category", "conference")
                .addAttribute("type", "text").addAttribute("name", c.name.isEmpty() ? room.name() : c.name);
        Set<String> features = new TreeSet<>();
        features.add(MucNs.MUC);
        features.add(MucNs.STABLE_ID);
        features.add(Namespaces.DISCO_INFO);
        features.add(Namespaces.DISCO_ITEMS);
        features.add(Namespaces.REGISTER);
        features.add(c.requiredPassword() != null ? "muc_passwordprotected" : "muc_unsecured");
        features.add(c.isPublic ? "muc_public" : "muc_hidden");
        features.add(c.membersOnly ? "muc_membersonly" : "muc_open");
        features.add(c.moderated ? "muc_moderated" : "muc_unmoderated");
        features.add(c.nonAnonymous() ? "muc_nonanonymous" : "muc_semianonymous");
        features.add(c.persistent ? "muc_persistent" : "muc_temporary");
        for (RoomFeature f : muc.features()) {
            f.discoFeatures(room, features);
        }
        for (String f : features) {
            query.addElement("feature", Namespaces.DISCO_INFO).addAttribute("var", f);
        }
        Element form = DataForms.form("result", MucNs.ROOMINFO);
        DataForms.field(form, "muc#roominfo_description", null, "Description", c.description);
        DataForms.field(form, "muc#roominfo_occupants", null, "Number of occupants",
                Integer.toString(room.size()));
        DataForms.field(form, "muc#roominfo_subject", null, "Subject", room.subject);
        DataForms.field(form, "muc#roominfo_subjectmod", "boolean", null, RoomConfig.bool(c.changeSubject));
        DataForms.field(form, RoomConfig.NAME, null, "Name", c.name);
        if (!c.lang.isEmpty()) {
            DataForms.field(form, "muc#roominfo_lang", null, "Language", c.lang);
        }
        if (c.maxUsers > 0) {
            DataForms.field(form, RoomConfig.MAX_USERS, null, null, Integer.toString(c.maxUsers));
        }
        DataForms.field(form, "muc#roomconfig_allowinvites", "boolean", null, RoomConfig.bool(c.allowInvites));
        DataForms.field(form, RoomConfig.CHANGE_SUBJECT, "boolean", null, RoomConfig.bool(c.changeSubject));
        for (RoomFeature f : muc.features()) {
            f.roomInfo(room, form);
        }
        query.add(form);
        muc.result(iq, query);
    }

    /** XEP-0045 §6.5: the occupants of a public room; nothing for a hidden one. */
    void items(Room room, Stanza iq) {
        if (iq.payload().attributeValue("node") != null) {
            muc.error(iq, StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        Element query = MucNs.element("query", Namespaces.DISCO_ITEMS);
        if (room.config.isPublic) {
            for (Occupant o : room.occupants()) {
                query.addElement("item", Namespaces.DISCO_ITEMS).addAttribute("jid", o.jid().toString());
            }
        }
        muc.result(iq, query);
    }
}
