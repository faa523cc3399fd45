package parlance.websocket.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.xml.XmlWriter;

/** The XEP-0156 §3 host-meta documents (WebSocket and BOSH links): XRD (RFC 6415 §3) and its JSON form (JRD, RFC 6415 Appendix A). */
final class HostMeta {
    static final String XRD_PATH = "/.well-known/host-meta";
    static final String JSON_PATH = "/.well-known/host-meta.json";
    static final String XRD_NS = "http://docs.oasis-open.org/ns/xri/xrd-1.0";
    /** XEP-0156 §3: the link relation of an RFC 7395 endpoint. */
    static final String WEBSOCKET_REL = "urn:xmpp:alt-connections:websocket";
    /** XEP-0156 §3: the link relation of a XEP-0206 (BOSH) endpoint. */
    static final String BOSH_REL = "urn:xmpp:alt-connections:xbosh";

    private HostMeta() {
    }

    static String xrd(String websocketUrl, String boshUrl) {
        Element xrd = DocumentHelper.createElement(QName.get("XRD", XRD_NS));
        Element link = xrd.addElement(QName.get("Link", XRD_NS));
        link.addAttribute("rel", WEBSOCKET_REL);
        link.addAttribute("href", websocketUrl);
        Element bosh = xrd.addElement(QName.get("Link", XRD_NS));
        bosh.addAttribute("rel", BOSH_REL);
        bosh.addAttribute("href", boshUrl);
        return "<?xml version='1.0' encoding='utf-8'?>\n" + XmlWriter.toXml(xrd);
    }

    static String jrd(String websocketUrl, String boshUrl) {
        return "{\"links\":[{\"rel\":\"" + WEBSOCKET_REL + "\",\"href\":\"" + json(websocketUrl) + "\"},"
                + "{\"rel\":\"" + BOSH_REL + "\",\"href\":\"" + json(boshUrl) + "\"}]}";
    }

    /** {@code ws[s]://host[:port]/xmpp-websocket} from the request's {@code Host} header (or server name/port). */
    static String derivedUrl(boolean secure, String hostHeader, String serverName, int serverPort) {
        return (secure ? "wss://" : "ws://") + authority(hostHeader, serverName, serverPort) + XmppWebSocketServlet.PATH;
    }

    /** {@code http[s]://host[:port]/http-bind} likewise. */
    static String derivedBoshUrl(boolean secure, String hostHeader, String serverName, int serverPort) {
        return (secure ? "https://" : "http://") + authority(hostHeader, serverName, serverPort) + BoshServlet.PATH;
    }

    private static String authority(String hostHeader, String serverName, int serverPort) {
        return hostHeader != null && !hostHeader.isBlank() && hostHeader.matches("[A-Za-z0-9.\\-\\[\\]:]+")
                ? hostHeader.trim() : serverName + ":" + serverPort;
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
