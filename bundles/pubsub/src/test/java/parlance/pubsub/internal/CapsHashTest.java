package parlance.pubsub.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;

/** XEP-0115 §5.2 (the simple example) and the §5.4 checks. */
class CapsHashTest {
    static Element exodus() {
        Element q = Ns.element("query", Namespaces.DISCO_INFO);
        q.addElement("identity", Namespaces.DISCO_INFO).addAttribute("category", "client").addAttribute("type", "pc")
                .addAttribute("name", "Exodus 0.9.1");
        for (String f : new String[] {"http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items",
                "http://jabber.org/protocol/muc", "http://jabber.org/protocol/caps"}) {
            q.addElement("feature", Namespaces.DISCO_INFO).addAttribute("var", f);
        }
        return q;
    }

    @Test
    void theSpecExampleVerifies() {
        assertTrue(CapsHash.verify(exodus(), "sha-1", "QgayPKawpkPSDYmwT/WM94uAlu0="));
    }

    @Test
    void anotherFeatureSetDoesNotVerify() {
        Element q = exodus();
        q.addElement("feature", Namespaces.DISCO_INFO).addAttribute("var", "urn:xmpp:ping");
        assertFalse(CapsHash.verify(q, "sha-1", "QgayPKawpkPSDYmwT/WM94uAlu0="));
        assertFalse(CapsHash.verify(exodus(), "sha-3-unknown", "QgayPKawpkPSDYmwT/WM94uAlu0="));
    }

    @Test
    void duplicateFeaturesAreRejected() {
        Element q = exodus();
        q.addElement("feature", Namespaces.DISCO_INFO).addAttribute("var", "http://jabber.org/protocol/muc");
        assertNull(CapsHash.verificationString(q));
    }
}
