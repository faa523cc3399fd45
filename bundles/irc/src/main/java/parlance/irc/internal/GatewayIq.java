package parlance.irc.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * IQ requests to the gateway and its rooms: disco#info with the identity gateway/irc and the features
 * {@code jabber:iq:register}, {@code jabber:iq:gateway} and {@code http://jabber.org/protocol/muc} (XEP-0100 §4,
 * §6.3; XEP-0030 §3.1), an empty disco#items, registration ({@link RegisterIq}), address translation (XEP-0100
 * §6.3: a nickname or channel in, its XEP-0106 escaped address out), and disco#info of a room (identity
 * conference/text, XEP-0045 §6.4). Everything else gets {@code service-unavailable} (RFC 6120 §8.3.3.19).
 */
final class GatewayIq {
    static final String GATEWAY = "jabber:iq:gateway";

    private final Addresses addresses;
    private final String name;
    private final RegisterIq register;
    private final Router router;

    GatewayIq(Addresses addresses, String name, RegisterIq register, Router router) {
        this.addresses = addresses;
        this.name = name;
        this.register = register;
        this.router = router;
    }

    void answer(Stanza iq) {
        Element payload = iq.payload();
        String ns = payload == null ? "" : payload.getNamespaceURI();
        boolean get = "get".equals(iq.type());
        boolean toGateway = iq.to().equals(addresses.gateway());
        boolean toRoom = iq.to().isBare() && IrcNames.isChannel(Addresses.ircName(iq.to()));
        Stanza reply;
        if (get && Namespaces.DISCO_INFO.equals(ns) && payload.attributeValue("node") == null
                && (toGateway || toRoom)) {
            reply = Stanzas.iqResult(iq, toGateway ? gatewayInfo() : roomInfo(Addresses.ircName(iq.to())));
        } else if (get && Namespaces.DISCO_ITEMS.equals(ns) && toGateway) {
            reply = Stanzas.iqResult(iq, DocumentHelper.createElement(QName.get("query", Namespaces.DISCO_ITEMS)));
        } else if (Namespaces.REGISTER.equals(ns) && toGateway) {
            register.answer(iq);
            return;
        } else if (GATEWAY.equals(ns) && toGateway) {
            reply = get ? Stanzas.iqResult(iq, prompt()) : translate(iq, payload.elementTextTrim("prompt"));
        } else {
            reply = Stanzas.error(iq, StanzaError.SERVICE_UNAVAILABLE, null);
        }
        router.route(reply);
    }

    private Element gatewayInfo() {
        Element query = DocumentHelper.createElement(QName.get("query", Namespaces.DISCO_INFO));
        identity(query, "gateway", "irc", name);
        for (String var : new String[] {Namespaces.DISCO_INFO, GATEWAY, Namespaces.REGISTER, Out.MUC}) {
            query.addElement(QName.get("feature", Namespaces.DISCO_INFO)).addAttribute("var", var);
        }
        return query;
    }

    private static Element roomInfo(String channel) {
        Element query = DocumentHelper.createElement(QName.get("query", Namespaces.DISCO_INFO));
        identity(query, "conference", "text", channel);
        query.addElement(QName.get("feature", Namespaces.DISCO_INFO)).addAttribute("var", Out.MUC);
        return query;
    }

    private static void identity(Element query, String category, String type, String name) {
        query.addElement(QName.get("identity", Namespaces.DISCO_INFO)).addAttribute("category", category)
                .addAttribute("type", type).addAttribute("name", name);
    }

    /** XEP-0100 §6.3.1: what to enter. */
    private static Element prompt() {
        Element query = DocumentHelper.createElement(QName.get("query", GATEWAY));
        query.addElement(QName.get("desc", GATEWAY)).setText("Enter an IRC nickname or a channel (#name)");
        query.addElement(QName.get("prompt", GATEWAY)).setText("Nickname or channel");
        return query;
    }

    /** XEP-0100 §6.3.2: the address of what the user entered. */
    private Stanza translate(Stanza iq, String entered) {
        Jid jid = entered == null || !(IrcNames.isNick(entered) || IrcNames.isChannel(entered)) ? null
                : addresses.entity(entered);
        if (jid == null) {
            return Stanzas.error(iq, StanzaError.BAD_REQUEST, "Not an IRC nickname or channel: " + entered);
        }
        Element query = DocumentHelper.createElement(QName.get("query", GATEWAY));
        query.addElement(QName.get("jid", GATEWAY)).setText(jid.toString());
        return Stanzas.iqResult(iq, query);
    }
}
