package parlance.filetransfer.internal;

import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;

/**
 * Builds the {@code <service/>} elements of XEP-0215 §2 (services) and §3 (credentials) for one requester: a
 * service with a secret is {@code restricted} and carries a username, password and {@code expires}
 * (XEP-0082 DateTime) computed for the requester's bare JID.
 */
final class ExtDiscoElements {
    static final String NS = "urn:xmpp:extdisco:2";

    private final LongSupplier clockMillis;

    ExtDiscoElements(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    void addAll(Element parent, List<ExtService> services, Jid requester) {
        for (ExtService s : services) {
            add(parent, s, requester);
        }
    }

    void add(Element parent, ExtService s, Jid requester) {
        Element e = parent.addElement(QName.get("service", NS));
        e.addAttribute("type", s.type()).addAttribute("host", s.host())
                .addAttribute("port", Integer.toString(s.port())).addAttribute("transport", s.transport());
        if (s.restricted()) {
            long expires = clockMillis.getAsLong() / 1000 + s.ttlSeconds();
            TurnCredentials c = TurnCredentials.of(s.secret(), requester.bare().toString(), expires);
            e.addAttribute("restricted", "1").addAttribute("username", c.username())
                    .addAttribute("password", c.password())
                    .addAttribute("expires", Instant.ofEpochSecond(expires).toString());
        }
    }
}
