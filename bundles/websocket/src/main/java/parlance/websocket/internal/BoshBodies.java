package parlance.websocket.internal;

import java.util.List;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.QName;
import parlance.xml.XmlWriter;

/** The {@code <body/>} wrapper of BOSH (XEP-0124 §4) with the XMPP attributes of XEP-0206 §5. */
final class BoshBodies {
    static final String NS = "http://jabber.org/protocol/httpbind";
    /** XEP-0206 §5: {@code xmpp:version}, {@code xmpp:restart}, {@code xmpp:restartlogic}. */
    static final Namespace XBOSH = Namespace.get("xmpp", "urn:xmpp:xbosh");
    static final QName XMPP_VERSION = QName.get("version", XBOSH);
    static final QName XMPP_RESTART = QName.get("restart", XBOSH);
    static final QName XML_LANG = QName.get("lang", Namespace.XML_NAMESPACE);

    private BoshBodies() {
    }

    /** An empty body in the BOSH namespace. */
    static Element body() {
        return DocumentHelper.createElement(QName.get("body", NS));
    }

    /** XEP-0124 §7.1, XEP-0206 §5: the session creation response. */
    static Element creation(String sid, String from, String authid, BoshLimits limits, long ack, boolean secure) {
        Element body = body();
        body.addAttribute("sid", sid);
        body.addAttribute("wait", Integer.toString(limits.waitSeconds()));
        body.addAttribute("requests", Integer.toString(BoshLimits.REQUESTS));
        body.addAttribute("hold", Integer.toString(BoshLimits.HOLD));
        body.addAttribute("inactivity", Integer.toString(limits.inactivitySeconds()));
        body.addAttribute("polling", Integer.toString(BoshLimits.POLLING));
        body.addAttribute("maxpause", Integer.toString(limits.maxPauseSeconds())); // §10
        if (ack >= 0) {
            body.addAttribute("ack", Long.toString(ack)); // §9.2: acknowledgements in use
        }
        body.addAttribute("ver", "1.11");
        body.addAttribute("from", from);
        if (authid != null) {
            body.addAttribute("authid", authid);
        }
        body.addAttribute("secure", Boolean.toString(secure));
        body.addAttribute(XMPP_VERSION, "1.0");
        body.addAttribute(QName.get("restartlogic", XBOSH), "true");
        return body;
    }

    /** XEP-0124 §13 / XEP-0206 §6: a terminating body; {@code condition} may be null. */
    static Element terminate(String condition) {
        Element body = body();
        body.addAttribute("type", "terminate");
        if (condition != null) {
            body.addAttribute("condition", condition);
        }
        return body;
    }

    /** Copies the elements into the body (they may be shared with other sessions) and serialises it. */
    static byte[] bytes(Element body, List<Element> children) {
        for (Element e : children) {
            body.add(e.createCopy());
        }
        return XmlWriter.toXml(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static int intAttribute(Element body, String name, int fallback) {
        try {
            String v = body.attributeValue(name);
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static long rid(Element body) {
        return rid(body.attributeValue("rid"));
    }

    /** A request id (or ack) attribute value; -1 when absent or not a number. */
    static long rid(String v) {
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
