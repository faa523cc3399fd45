package parlance.filetransfer.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The proxy's XMPP side (XEP-0065 §6.3): disco#info with the identity proxy/bytestreams (§4), the streamhost query
 * (§6.3.1, Example 12) and activation (§6.3.4: the address is computed from the {@code sid}, the requester, who
 * must be the initiator, and the {@code <activate/>} target, so only the initiator can activate). Other requests
 * get {@code service-unavailable}; messages too; presence is ignored. Never blocks.
 */
final class ProxyDispatcher implements HostedService {
    static final String BYTESTREAMS = "http://jabber.org/protocol/bytestreams";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

    private final Jid domain;
    private final String name;
    private final String host;
    private final int port;
    private final Transfers transfers;
    private final Transfers.HandlerFactory relays;

    ProxyDispatcher(Jid domain, String name, String host, int port, Transfers transfers,
            Transfers.HandlerFactory relays) {
        this.domain = domain;
        this.name = name;
        this.host = host;
        this.port = port;
        this.transfers = transfers;
        this.relays = relays;
    }

    @Override
    public void receive(Stanza stanza, Router router) {
        if (stanza.from() == null || stanza.kind() == Stanza.Kind.PRESENCE || stanza.isError()
                || (stanza.isIq() && !stanza.isIqRequest())) {
            return;
        }
        Stanza reply = answer(stanza);
        if (reply != null) {
            router.route(reply);
        }
    }

    private Stanza answer(Stanza stanza) {
        Element payload = stanza.payload();
        if (!stanza.isIq() || payload == null || !domain.equals(stanza.to())) {
            return Stanzas.error(stanza, StanzaError.SERVICE_UNAVAILABLE, null);
        }
        String ns = payload.getNamespaceURI();
        boolean get = "get".equals(stanza.type());
        if (get && DISCO_INFO.equals(ns) && payload.attributeValue("node") == null) {
            Element query = DocumentHelper.createElement(QName.get("query", DISCO_INFO));
            query.addElement(QName.get("identity", DISCO_INFO)).addAttribute("category", "proxy")
                    .addAttribute("type", "bytestreams").addAttribute("name", name);
            query.addElement(QName.get("feature", DISCO_INFO)).addAttribute("var", DISCO_INFO);
            query.addElement(QName.get("feature", DISCO_INFO)).addAttribute("var", BYTESTREAMS);
            return Stanzas.iqResult(stanza, query);
        }
        if (get && DISCO_ITEMS.equals(ns) && payload.attributeValue("node") == null) {
            return Stanzas.iqResult(stanza, DocumentHelper.createElement(QName.get("query", DISCO_ITEMS)));
        }
        if (!BYTESTREAMS.equals(ns) || !"query".equals(payload.getName())) {
            return Stanzas.error(stanza, StanzaError.SERVICE_UNAVAILABLE, null);
        }
        if (get) {
            Element query = DocumentHelper.createElement(QName.get("query", BYTESTREAMS));
            query.addElement(QName.get("streamhost", BYTESTREAMS)).addAttribute("jid", domain.toString())
                    .addAttribute("host", host).addAttribute("port", Integer.toString(port));
            return Stanzas.iqResult(stanza, query);
        }
        return activate(stanza, payload);
    }

    private Stanza activate(Stanza stanza, Element query) {
        String sid = query.attributeValue("sid");
        Element activate = query.element(QName.get("activate", BYTESTREAMS));
        if (sid == null || activate == null || activate.getTextTrim().isEmpty()) {
            return Stanzas.error(stanza, StanzaError.BAD_REQUEST, "sid and activate are required");
        }
        String address = address(sid, stanza.from().toString(), activate.getTextTrim());
        StanzaError error = transfers.activate(address, relays);
        return error == null ? Stanzas.iqResult(stanza, null)
                : Stanzas.error(stanza, error, error == StanzaError.ITEM_NOT_FOUND
                        ? "the target and the initiator are not both connected" : "already activated");
    }

    /** The SOCKS5 destination address of XEP-0065 §5.3.2: hex SHA1 of SID + initiator JID + target JID. */
    static String address(String sid, String initiator, String target) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest((sid + initiator + target).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
