package parlance.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import parlance.api.address.Jid;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;
import parlance.xml.XmlWriter;

/** The one-serialisation fan-out form: each copy equals the stanza serialised for that recipient alone. */
class SharedStanzaBytesTest {
    private static Broadcast presence() {
        Element p = Stanzas.newElement(Stanza.Kind.PRESENCE);
        p.addAttribute("from", "room@conference.example.org/it's me");
        p.addAttribute("to", "someone@example.org/was-here");
        Element x = p.addElement("x", "http://jabber.org/protocol/muc#user");
        x.addElement("item", "http://jabber.org/protocol/muc#user").addAttribute("role", "participant");
        return Broadcast.of(p, Jid.ofPrepared("room", "conference.example.org", "it's me"));
    }

    @Test
    void eachCopyIsTheStanzaSerialisedForItsRecipient() {
        Broadcast b = presence();
        assertNull(b.template().attributeValue("to"), "a template carries no recipient");
        for (Jid jid : new Jid[] {Jid.ofPrepared("juliet", "example.org", "balcony"),
                Jid.ofPrepared("o'brien&co", "example.org", "<desk> \"A\"")}) {
            byte[] expected = XmlWriter.toBytes(b.stanzaFor(jid).element(), Namespaces.CLIENT);
            byte[] spliced = SharedStanzaBytes.of(b).bytesFor(jid);
            // the attribute order differs (to first), so compare the parsed forms
            Element a = parse(expected);
            Element c = parse(spliced);
            assertEquals(a.attributeValue("to"), c.attributeValue("to"));
            assertEquals(a.attributeValue("from"), c.attributeValue("from"));
            assertEquals(a.element("x").asXML(), c.element("x").asXML());
        }
    }

    @Test
    void theSerialisationIsSharedByAllRecipients() {
        Broadcast b = presence();
        assertSame(SharedStanzaBytes.of(b), SharedStanzaBytes.of(b));
    }

    private static Element parse(byte[] bytes) {
        try {
            return org.dom4j.DocumentHelper.parseText(new String(bytes, StandardCharsets.UTF_8)).getRootElement();
        } catch (org.dom4j.DocumentException e) {
            throw new AssertionError(new String(bytes, StandardCharsets.UTF_8), e);
        }
    }
}
