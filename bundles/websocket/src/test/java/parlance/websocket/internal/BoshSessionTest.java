package parlance.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/** XEP-0124 sessions (creation, hold and wait, request ids, termination) against a scripted stream. */
class BoshSessionTest extends BoshFixture {
    /** XEP-0124 §7.1, XEP-0206 §5: the creation response carries sid, wait, authid and the features. */
    @Test
    void creationResponseCarriesSessionAttributesAndFeatures() throws Exception {
        Element r = start().get();
        assertEquals("sid1", r.attributeValue("sid"));
        assertEquals("1", r.attributeValue("wait"));
        assertEquals("stream-1", r.attributeValue("authid"));
        assertEquals("1.0", r.attributeValue(BoshBodies.XMPP_VERSION));
        assertEquals("features", r.elements().get(0).getName());
        assertEquals(List.of("header example.org 1.0"), seen);
    }

    /** §11: a request without output is held for {@code wait} seconds, then answered empty; output goes out at once. */
    @Test
    void heldRequestIsAnsweredByOutputOrAfterWait() throws Exception {
        start().get();
        Answer idle = send(body(101, "a", "normal"));
        Element empty = idle.get();
        assertTrue(empty.elements().isEmpty(), empty.asXML());
        Element echoed = send(body(102, "b", "echo")).get();
        assertEquals("b", echoed.elements().get(0).attributeValue("id"));
        assertEquals(List.of("header example.org 1.0", "element a", "element b"), seen);
    }

    /** §14.1: a request that arrives early waits for the missing one; order is kept. */
    @Test
    void requestsAreProcessedInRidOrder() throws Exception {
        start().get();
        Answer late = send(body(102, "second", "echo"));
        Answer first = send(body(101, "first", "echo"));
        assertNotNull(first.get());
        assertNotNull(late.get());
        assertEquals(List.of("header example.org 1.0", "element first", "element second"), seen);
    }

    /** §14.1: a request id outside the window ends the session. */
    @Test
    void ridOutsideTheWindowEndsTheSession() throws Exception {
        start().get();
        Answer bad = send(body(150));
        Element r = bad.get();
        assertEquals(404, bad.status);
        assertEquals("item-not-found", r.attributeValue("condition"));
        assertTrue(removed.get());
        assertTrue(ended.get());
    }

    /** §13: type='terminate' closes the stream and is answered with a terminating body. */
    @Test
    void terminateClosesTheStream() throws Exception {
        start().get();
        Element t = body(101);
        t.addAttribute("type", "terminate");
        Element r = send(t).get();
        assertEquals("terminate", r.attributeValue("type"));
        assertTrue(seen.contains("close"));
        assertTrue(ended.get());
        assertFalse(session.isOpen());
    }
}
