package parlance.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/** XEP-0124 §9 acknowledgements, §14.3 resent requests and §8 held requests that time out. */
class BoshReliabilityTest extends BoshFixture {
    /** Keeps the raw bytes too, to compare a replayed response with the original. */
    static final class RawAnswer extends Answer {
        final CompletableFuture<byte[]> raw = new CompletableFuture<>();

        @Override
        public boolean send(int status, byte[] bytes) {
            boolean first = super.send(status, bytes); // status first: the test reads it once raw is there
            raw.complete(bytes);
            return first;
        }

        String text() throws Exception {
            return new String(raw.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        }
    }

    RawAnswer sendRaw(Element body) {
        RawAnswer a = new RawAnswer();
        session.execute(() -> session.request(body, a));
        return a;
    }

    /** §9.2: a client that asked for acknowledgements gets 'ack' (= the creation rid) in the creation response. */
    @Test
    void creationResponseAcknowledgesWhenTheClientAsks() throws Exception {
        assertEquals("100", start("1").get().attributeValue("ack"));
    }

    @Test
    void noAcknowledgementsUnlessAsked() throws Exception {
        Element r = start().get();
        assertNull(r.attributeValue("ack"));
        Answer held = send(body(101));
        Answer echoed = send(body(102, "x", "echo"));
        assertNull(held.get().attributeValue("ack"));
        assertNull(echoed.get().attributeValue("ack"));
    }

    /** §9.2: a response answered out of order (a higher rid already arrived) carries the highest rid received. */
    @Test
    void outOfOrderResponseCarriesAck() throws Exception {
        start("1").get();
        Answer held = send(body(101));
        Answer echoed = send(body(102, "m1", "echo"));
        Element early = held.get();
        assertEquals("102", early.attributeValue("ack"), early.asXML());
        assertNull(echoed.get().attributeValue("ack"), "answered in order: no ack");
    }

    /** §9.2 + §14.3: a response the client does not acknowledge is reported; resending its rid gets it again. */
    @Test
    void lostResponseIsReportedAndResentByRid() throws Exception {
        start("1").get();
        RawAnswer first = sendRaw(body(101, "lost-1", "echo"));
        String original = first.text();
        Element b = body(102);
        b.addAttribute("ack", "100"); // the response to 101 never arrived
        Element next = send(b).get(); // held, answered empty after wait
        assertEquals("101", next.attributeValue("report"), next.asXML());
        assertTrue(Long.parseLong(next.attributeValue("time")) >= 0);
        RawAnswer again = sendRaw(body(101, "lost-1", "echo"));
        assertEquals(original, again.text());
        assertEquals(200, again.status);
        assertEquals("lost-1", again.get().elements().get(0).attributeValue("id"));
        assertEquals(1, seen.stream().filter("element lost-1"::equals).count(), "not processed twice");
    }

    /** §14.3: without acknowledgements the last hold+1 responses are buffered; an older rid ends the session. */
    @Test
    void resentRidIsAnsweredFromTheBufferThenForgotten() throws Exception {
        start().get();
        String r101 = sendRaw(body(101, "a", "echo")).text();
        assertEquals(r101, sendRaw(body(101, "a", "echo")).text());
        send(body(102, "b", "echo")).get();
        send(body(103, "c", "echo")).get();
        Answer tooOld = send(body(101, "a", "echo"));
        assertEquals("item-not-found", tooOld.get().attributeValue("condition"));
        assertEquals(404, tooOld.status);
        assertTrue(ended.get());
    }

    /** §14.3: a request resent while it is still held takes the place of the first connection. */
    @Test
    void resentHeldRequestTakesOverTheWait() throws Exception {
        start().get();
        Answer firstTry = send(body(101));
        Answer secondTry = send(body(101));
        assertTrue(firstTry.get().elements().isEmpty());
        Answer echoed = send(body(102, "after", "echo"));
        // the output goes in the oldest held response: the resent request's new connection
        assertEquals("after", secondTry.get().elements().get(0).attributeValue("id"));
        assertTrue(echoed.get().elements().isEmpty());
        assertTrue(session.isOpen());
    }

    /** §8: a held request that reaches 'wait' is answered empty and the session goes on. */
    @Test
    void timedOutRequestKeepsTheSession() throws Exception {
        start().get();
        Element empty = send(body(101)).get(); // wait is 1 s
        assertTrue(empty.elements().isEmpty());
        assertNull(empty.attributeValue("type"));
        assertTrue(session.isOpen());
        assertFalse(removed.get());
        Element poll = send(body(102)).get(); // a second empty request after 'wait' is no polling violation
        assertNull(poll.attributeValue("type"), poll.asXML());
        assertEquals("m", send(body(103, "m", "echo")).get().elements().get(0).attributeValue("id"));
        assertArrayEquals(new Object[] {"header example.org 1.0", "element m"}, seen.toArray());
    }
}
