package parlance.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.StreamError;

/** Stored XML is read with the stream's restrictions (RFC 6120 §11.1). */
class XmlReaderTest {
    private static StreamError condition(String xml) {
        return assertThrows(XmlStreamException.class, () -> XmlReader.parse(xml)).condition();
    }

    @Test
    void parsesAStoredElement() throws Exception {
        Element e = XmlReader.parse("<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>"
                + "<conference jid='a@b' autojoin='true'><nick>Ju &amp; liet</nick></conference></storage></query>");
        assertNull(e.getParent());
        assertEquals("jabber:iq:private", e.getNamespaceURI());
        Element conference = e.element("storage").element("conference");
        assertEquals("storage:bookmarks", conference.getNamespaceURI());
        assertEquals("Ju & liet", conference.elementText("nick"));
    }

    @Test
    void refusesRestrictedAndMalformedXml() {
        assertEquals(StreamError.RESTRICTED_XML, condition("<a><!-- c --></a>"));
        assertEquals(StreamError.RESTRICTED_XML, condition("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>"));
        assertEquals(StreamError.RESTRICTED_XML, condition("<a>&x;</a>"));
        assertEquals(StreamError.RESTRICTED_XML, condition("<a><?pi x?></a>"));
        assertEquals(StreamError.NOT_WELL_FORMED, condition("<a><b></a>"));
        assertEquals(StreamError.NOT_WELL_FORMED, condition("<a>"));
        assertEquals(StreamError.NOT_WELL_FORMED, condition(""));
        assertEquals(StreamError.NOT_WELL_FORMED, condition("<a/><b/>"));
    }
}
