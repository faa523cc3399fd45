package parlance.muc.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/** Namespaces of XEP-0045 and the extensions the room service speaks, and element builders for them. */
final class MucNs {
    static final String MUC = "http://jabber.org/protocol/muc";
    static final String USER = MUC + "#user";
    static final String ADMIN = MUC + "#admin";
    static final String OWNER = MUC + "#owner";
    static final String ROOMCONFIG = MUC + "#roomconfig";
    static final String ROOMINFO = MUC + "#roominfo";
    static final String REQUEST = MUC + "#request";
    static final String REGISTER_FORM = MUC + "#register";
    /** XEP-0410 §4: the room answers self-pings itself. */
    static final String SELF_PING = MUC + "#self-ping-optimization";
    static final String STABLE_ID = MUC + "#stable_id";
    static final String DATA = "jabber:x:data";
    static final String CONFERENCE = "jabber:x:conference";
    static final String MAM = "urn:xmpp:mam:2";
    static final String RSM = "http://jabber.org/protocol/rsm";
    static final String FORWARD = "urn:xmpp:forward:0";
    static final String SID = "urn:xmpp:sid:0";
    static final String OCCUPANT_ID = "urn:xmpp:occupant-id:0";
    /** XEP-0054: vCards, kept by the user's server and so asked of the bare address. */
    static final String VCARD = "vcard-temp";

    private MucNs() {
    }

    static Element element(String name, String ns) {
        return DocumentHelper.createElement(QName.get(name, ns));
    }

    /** The first child with this name and namespace, or {@code null}. */
    static Element child(Element parent, String name, String ns) {
        if (parent == null) {
            return null;
        }
        return parent.element(QName.get(name, ns));
    }
}
