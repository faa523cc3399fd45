package parlance.muc.internal;

import java.util.List;
import java.util.Map;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.JidFormatException;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * Registering with a room (XEP-0045 §7.10): the {@code muc#register} form asks for a nickname; registering makes
 * the user a member with that nickname reserved (nobody else may enter with it, §7.2.9), {@code <remove/>} undoes
 * it (XEP-0077 §3.2). Banned users get {@code forbidden}; a nickname someone else holds gets {@code conflict}.
 */
final class NickRegistration {
    static final String NICK_FIELD = "muc#register_roomnick";
    private final Muc muc;
    private final RoomStorage storage;

    NickRegistration(Muc muc, RoomStorage storage) {
        this.muc = muc;
        this.storage = storage;
    }

    void handle(Room room, Stanza iq) {
        Affiliation affiliation = room.affiliation(iq.from());
        if (affiliation == Affiliation.OUTCAST) {
            muc.error(iq, StanzaError.FORBIDDEN, null);
            return;
        }
        String nick = room.registeredNick(iq.from());
        if ("get".equals(iq.type())) {
            Element query = MucNs.element("query", Namespaces.REGISTER);
            if (nick != null) {
                query.addElement("registered", Namespaces.REGISTER);
                query.addElement("username", Namespaces.REGISTER).setText(nick);
            } else {
                query.addElement("instructions", Namespaces.REGISTER)
                        .setText("Choose the nickname to register with this room");
                Element form = DataForms.form("form", MucNs.REGISTER_FORM);
                DataForms.field(form, NICK_FIELD, "text-single", "Nickname").addElement("required", MucNs.DATA);
                query.add(form);
            }
            muc.result(iq, query);
            return;
        }
        if (iq.payload().element(QName.get("remove", Namespaces.REGISTER)) != null) {
            if (affiliation == Affiliation.MEMBER) {
                room.setAffiliation(iq.from(), Affiliation.NONE);
            } else {
                room.registerNick(iq.from(), null);
            }
            storage.save(room);
            muc.result(iq, null);
            return;
        }
        Element form = DataForms.find(iq.payload());
        Map<String, List<String>> values = form == null ? Map.of() : DataForms.values(form);
        List<String> wanted = values.get(NICK_FIELD);
        if (wanted == null || wanted.isEmpty() || wanted.get(0).isBlank()) {
            muc.error(iq, StanzaError.NOT_ACCEPTABLE, "a nickname is required");
            return;
        }
        String prepared;
        try {
            prepared = muc.preparer.prepareResource(wanted.get(0).trim());
        } catch (JidFormatException e) {
            muc.error(iq, StanzaError.JID_MALFORMED, null);
            return;
        }
        var owner = room.nickOwner(prepared);
        Occupant occupant = room.occupant(prepared);
        if ((owner != null && !owner.equals(iq.from().bare()))
                || (occupant != null && !occupant.user().equals(iq.from().bare()))) {
            muc.error(iq, StanzaError.CONFLICT, "that nickname is taken");
            return;
        }
        if (affiliation == Affiliation.NONE) {
            room.setAffiliation(iq.from(), Affiliation.MEMBER);
        }
        room.registerNick(iq.from(), prepared);
        storage.save(room);
        muc.result(iq, null);
    }
}
