package parlance.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/** XEP-0124 §11 overactivity and polling, §10 pause and maxpause. */
class BoshLimitsTest extends BoshFixture {
    /** §11: a third simultaneous request (requests='2') ends the session with policy-violation. */
    @Test
    void moreSimultaneousRequestsThanAllowedIsPolicyViolation() throws Exception {
        Element created = start().get();
        assertEquals("2", created.attributeValue("requests"));
        Answer held = send(body(101, "a", "normal"));
        Answer early = send(body(103, "c", "normal")); // waits for 102
        Answer third = send(body(102, "b", "normal"));
        assertEquals("policy-violation", third.get().attributeValue("condition"));
        assertEquals("terminate", held.get().attributeValue("type"));
        assertEquals("terminate", early.get().attributeValue("type"));
        assertTrue(ended.get());
        assertFalse(seen.contains("element b"));
    }

    /** §11: two empty requests closer than 'polling' seconds, the first answered without payload. */
    @Test
    void pollingTooOftenIsPolicyViolation() throws Exception {
        Element created = start().get();
        assertEquals("1", created.attributeValue("polling"));
        Answer first = send(body(101));
        Answer second = send(body(102));
        assertEquals("policy-violation", second.get().attributeValue("condition"));
        assertTrue(ended.get());
        assertEquals("terminate", first.get().attributeValue("type"));
    }

    /** §11: an empty request after one with payload is normal. */
    @Test
    void emptyRequestAfterPayloadIsFine() throws Exception {
        start().get();
        send(body(101, "x", "echo")).get();
        Element poll = send(body(102)).get();
        assertNull(poll.attributeValue("type"), poll.asXML());
        assertTrue(session.isOpen());
    }

    /** §10: maxpause is advertised; a pause answers every held request at once and shortens inactivity. */
    @Test
    void pauseAnswersHeldRequestsAndSetsInactivity() throws Exception {
        session = session(new BoshLimits(30, 60, 30, 0));
        assertEquals("30", start().get().attributeValue("maxpause"));
        Answer held = send(body(101));
        Element p = body(102);
        p.addAttribute("pause", "1");
        Answer pause = send(p);
        assertTrue(held.get().elements().isEmpty()); // long before wait (30 s)
        assertNull(pause.get().attributeValue("type"));
        assertTrue(session.isOpen());
        Thread.sleep(1_300);
        session.execute(session::sweep);
        waitUntil(removed::get);
        assertTrue(ended.get(), "ended after the pause, not after inactivity (60 s)");
    }

    /** §10: a pause longer than maxpause is a policy violation. */
    @Test
    void pauseLongerThanMaxpauseIsPolicyViolation() throws Exception {
        start().get();
        Element p = body(101);
        p.addAttribute("pause", "31");
        assertEquals("policy-violation", send(p).get().attributeValue("condition"));
        assertTrue(ended.get());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
    }
}
