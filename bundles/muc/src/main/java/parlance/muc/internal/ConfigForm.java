package parlance.muc.internal;

import java.util.Map;
import org.dom4j.Element;
import parlance.api.address.Jid;

/**
 * The room configuration form of XEP-0045 §10.2 (FORM_TYPE {@code http://jabber.org/protocol/muc#roomconfig},
 * fields of the §15.5.3 registry) filled with a room's current values, owners and admins included.
 */
final class ConfigForm {
    static final String ADMINS = "muc#roomconfig_roomadmins";
    static final String OWNERS = "muc#roomconfig_roomowners";

    private ConfigForm() {
    }

    static Element of(Room room) {
        Element x = DataForms.form("form", MucNs.ROOMCONFIG);
        x.addElement("title", MucNs.DATA).setText("Configuration of " + room.jid);
        Map<String, String> v = room.config.values();
        DataForms.field(x, RoomConfig.NAME, "text-single", "Room name", v.get(RoomConfig.NAME));
        DataForms.field(x, RoomConfig.DESC, "text-single", "Description", v.get(RoomConfig.DESC));
        DataForms.field(x, RoomConfig.LANG, "text-single", "Language", v.get(RoomConfig.LANG));
        DataForms.field(x, RoomConfig.LOGGING, "boolean", "Keep an archive (XEP-0313)", v.get(RoomConfig.LOGGING));
        DataForms.field(x, RoomConfig.CHANGE_SUBJECT, "boolean", "Participants may change the subject",
                v.get(RoomConfig.CHANGE_SUBJECT));
        DataForms.field(x, RoomConfig.ALLOW_INVITES, "boolean", "Occupants may invite others",
                v.get(RoomConfig.ALLOW_INVITES));
        DataForms.options(DataForms.field(x, RoomConfig.ALLOW_PM, "list-single", "Who may send private messages",
                v.get(RoomConfig.ALLOW_PM)), "anyone", "participants", "moderators", "none");
        DataForms.field(x, RoomConfig.MAX_USERS, "text-single", "Most occupants (none for the service limit)",
                v.get(RoomConfig.MAX_USERS));
        DataForms.options(DataForms.field(x, "muc#roomconfig_presencebroadcast", "list-multi",
                "Roles whose presence is broadcast", "moderator", "participant", "visitor"),
                "moderator", "participant", "visitor");
        DataForms.options(DataForms.field(x, "muc#roomconfig_getmemberlist", "list-multi",
                "Roles that may see the member list", "moderator", "participant", "visitor"),
                "moderator", "participant", "visitor");
        DataForms.field(x, RoomConfig.PUBLIC, "boolean", "Listed in the room directory", v.get(RoomConfig.PUBLIC));
        DataForms.field(x, RoomConfig.PERSISTENT, "boolean", "Persistent room", v.get(RoomConfig.PERSISTENT));
        DataForms.field(x, RoomConfig.MODERATED, "boolean", "Moderated room", v.get(RoomConfig.MODERATED));
        DataForms.field(x, RoomConfig.MEMBERS_ONLY, "boolean", "Members only", v.get(RoomConfig.MEMBERS_ONLY));
        DataForms.field(x, RoomConfig.PASSWORD_PROTECTED, "boolean", "Password protected",
                v.get(RoomConfig.PASSWORD_PROTECTED));
        DataForms.field(x, RoomConfig.SECRET, "text-private", "Password", v.get(RoomConfig.SECRET));
        DataForms.options(DataForms.field(x, RoomConfig.WHOIS, "list-single", "Who may see real addresses",
                v.get(RoomConfig.WHOIS)), "moderators", "anyone");
        DataForms.field(x, RoomConfig.HISTORY, "text-single", "Messages kept for history",
                v.get(RoomConfig.HISTORY));
        DataForms.field(x, RoomConfig.CHANGE_NICK, "boolean", "Occupants may change their nickname",
                v.get(RoomConfig.CHANGE_NICK));
        DataForms.field(x, RoomConfig.VOICE_REQUESTS, "boolean", "Visitors may request voice",
                v.get(RoomConfig.VOICE_REQUESTS));
        DataForms.field(x, ADMINS, "jid-multi", "Room admins", jids(room, Affiliation.ADMIN));
        DataForms.field(x, OWNERS, "jid-multi", "Room owners", jids(room, Affiliation.OWNER));
        return x;
    }

    private static String[] jids(Room room, Affiliation affiliation) {
        return room.withAffiliation(affiliation).stream().map(Jid::toString).toArray(String[]::new);
    }
}
