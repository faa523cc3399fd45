package parlance.testkit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Predicate;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.server.ServerInfo;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * Test helpers shared by the bundles' unit tests: addresses (taken as already prepared), stanzas, the error
 * condition of a reply, a fixed {@link ServerInfo}. A test package's own helper class may extend it.
 */
public class TestStanzas {
    public static final String DOMAIN = "example.org";

    protected TestStanzas() {
    }

    public static Jid jid(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        String resource = slash < 0 ? null : text.substring(slash + 1);
        String rest = slash < 0 ? text : text.substring(0, slash);
        int at = rest.indexOf('@');
        return Jid.ofPrepared(at < 0 ? null : rest.substring(0, at), rest.substring(at + 1), resource);
    }

    public static Stanza stanza(String kind, String from, String to, String type) {
        Element el = DocumentHelper.createElement(QName.get(kind, Namespaces.CLIENT));
        if (from != null) {
            el.addAttribute("from", from);
        }
        if (to != null) {
            el.addAttribute("to", to);
        }
        if (type != null) {
            el.addAttribute("type", type);
        }
        el.addAttribute("id", "s" + System.nanoTime());
        return Stanza.of(el, jid(from), jid(to));
    }

    public static Stanza message(String from, String to, String type, String body) {
        Stanza s = stanza("message", from, to, type);
        s.element().addElement(QName.get("body", Namespaces.CLIENT)).setText(body);
        return s;
    }

    public static Stanza presence(String from, String to, String type, int priority) {
        Stanza s = stanza("presence", from, to, type);
        if (type == null) {
            s.element().addElement(QName.get("priority", Namespaces.CLIENT)).setText(Integer.toString(priority));
        }
        return s;
    }

    public static Stanza iq(String from, String to, String type, String ns, String name) {
        Stanza s = stanza("iq", from, to, type);
        s.element().addElement(QName.get(name, ns));
        return s;
    }

    /** The defined condition of an error stanza, or null. */
    public static String condition(Stanza s) {
        if (s == null || !"error".equals(s.element().attributeValue("type"))) {
            return null;
        }
        Element error = s.element().element("error");
        for (Object o : error.elements()) {
            Element c = (Element) o;
            if (StanzaError.NAMESPACE.equals(c.getNamespaceURI()) && !"text".equals(c.getName())) {
                return c.getName();
            }
        }
        return null;
    }

    public static ServerInfo server() {
        return server(bareJid -> false);
    }

    /** The test server, where {@code admins} tells which bare addresses are administrators. */
    public static ServerInfo server(Predicate<Jid> admins) {
        return new ServerInfo() {
            public String domain() {
                return DOMAIN;
            }

            public String bindAddress() {
                return "";
            }

            public Path home() {
                return Path.of(".");
            }

            public Instant startedAt() {
                return Instant.EPOCH;
            }

            public boolean isAdmin(Jid bareJid) {
                return admins.test(bareJid);
            }
        };
    }
}
