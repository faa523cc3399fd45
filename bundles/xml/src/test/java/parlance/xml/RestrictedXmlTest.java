package parlance.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.xml.Recorder.utf8;
import static parlance.xml.XmppStreamParserTest.HEADER;

import org.junit.jupiter.api.Test;
import parlance.api.stanza.StreamError;

/** RFC 6120 §11.1: no DTD, comment, processing instruction or entity reference beyond the predefined five. */
class RestrictedXmlTest {
    private static final String BODY = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams'>";

    private static StreamError condition(String xml) {
        return Recorder.failure(xml).condition();
    }

    @Test
    void commentIsRestricted() {
        assertEquals(StreamError.RESTRICTED_XML, condition(HEADER + "<message><!-- hi --></message>"));
        assertEquals(StreamError.RESTRICTED_XML, condition(HEADER + "<!-- between stanzas --><presence/>"));
        assertEquals(StreamError.RESTRICTED_XML, condition("<!-- before -->" + HEADER));
    }

    @Test
    void processingInstructionIsRestricted() {
        assertEquals(StreamError.RESTRICTED_XML, condition(HEADER + "<message><?php echo 1; ?></message>"));
        assertEquals(StreamError.RESTRICTED_XML, condition("<?xml version='1.0'?><?style x?>" + HEADER.substring(21)));
        assertEquals(StreamError.RESTRICTED_XML, condition(HEADER + "<message><?xml version='1.0'?></message>"));
    }

    @Test
    void dtdIsRestricted() {
        assertEquals(StreamError.RESTRICTED_XML, condition("<!DOCTYPE stream:stream>" + HEADER));
        assertEquals(StreamError.RESTRICTED_XML,
                condition("<?xml version='1.0'?><!DOCTYPE s SYSTEM 'http://example.com/x.dtd'>" + BODY));
        assertEquals(StreamError.RESTRICTED_XML,
                condition("<?xml version='1.0'?><!DOCTYPE s [<!ENTITY e 'x'>]>" + BODY.substring(21)));
    }

    @Test
    void entityReferencesAreRestricted() {
        assertEquals(StreamError.RESTRICTED_XML, condition(HEADER + "<message><body>&foo;</body></message>"));
        assertEquals(StreamError.RESTRICTED_XML, condition(HEADER + "<message to='&foo;'/>"));
        assertEquals(StreamError.RESTRICTED_XML, condition(HEADER + "<message><body>&nbsp;</body></message>"));
    }

    @Test
    void predefinedEntitiesAndCharacterReferencesAreFine() throws Exception {
        Recorder r = Recorder.parse(HEADER + "<message a='&quot;&apos;&lt;&gt;&amp;'>&#65;&#x42;&amp;</message>", 4096);
        assertEquals("\"'<>&", r.elements.get(0).attributeValue("a"));
        assertEquals("AB&", r.elements.get(0).getText());
    }

    /** The classic "billion laughs": refused at the DTD, nothing is ever expanded. */
    @Test
    void billionLaughsIsRejectedWithoutExpansion() {
        StringBuilder bomb = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" '");
            for (int j = 0; j < 10; j++) {
                bomb.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            bomb.append("'>");
        }
        bomb.append("]>").append(BODY.substring(21)).append("<message><body>&lol9;</body></message>");
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(r, 65536);
        byte[] bytes = utf8(bomb.toString());
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> {
            for (int i = 0; i < bytes.length; i += 7) {
                parser.feed(bytes, i, Math.min(7, bytes.length - i));
            }
        });
        assertEquals(StreamError.RESTRICTED_XML, e.condition());
        assertTrue(r.elements.isEmpty() && r.headers.isEmpty());
        // 10^9 "lol"s would be gigabytes; allow generous noise from the rest of the JVM.
        assertTrue(rt.totalMemory() - rt.freeMemory() - before < 256L * 1024 * 1024);
    }

    /** The same bomb's references without their DTD, inside a stream: refused, never looked up. */
    @Test
    void entityBombReferencesInsideTheStreamAreRestricted() {
        assertEquals(StreamError.RESTRICTED_XML,
                condition(BODY + "<message><body>&lol9;&lol9;&lol9;</body></message>"));
    }
}
