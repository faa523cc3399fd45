package parlance.im.internal;

import parlance.testkit.FakeSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;

/** Offline storage (XEP-0160) with delay stamps (XEP-0203), its limit, and unknown accounts (RFC 6121 §8.5.1). */
class OfflineTest {
    private final TestServer server = new TestServer(2);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void storedWithDelayAndDeliveredOnNextInitialPresence() throws Exception {
        FakeSession juliet = server.connect("juliet@example.org/balcony");
        FakeSession romeoAway = server.connect("romeo@example.org/away");
        server.available(romeoAway, -1); // negative priority: does not receive bare messages
        server.send(juliet, T.message(juliet.jid.toString(), "romeo@example.org", "chat", "Wherefore art thou?"));
        TestServer.await("stored", () -> count("romeo") == 1);
        assertTrue(romeoAway.delivered.stream().noneMatch(s -> s.kind() == Stanza.Kind.MESSAGE));

        FakeSession romeo = server.connect("romeo@example.org/orchard");
        server.available(romeo, 1);
        TestServer.await("delivered", () -> romeo.delivered.stream().anyMatch(s -> s.kind() == Stanza.Kind.MESSAGE));
        Stanza m = romeo.delivered.stream().filter(s -> s.kind() == Stanza.Kind.MESSAGE).findFirst().orElseThrow();
        assertEquals("Wherefore art thou?", m.element().elementText("body"));
        assertEquals(juliet.jid, m.from());
        Element delay = m.element().element(org.dom4j.QName.get("delay", Namespaces.DELAY));
        assertNotNull(delay);
        assertEquals("example.org", delay.attributeValue("from"));
        assertNotNull(java.time.Instant.parse(delay.attributeValue("stamp")));
        assertEquals(0, count("romeo"));
    }

    /**
     * A message the server itself stamped as delayed (the stream layer re-routes the unacknowledged messages of a
     * session that ended, XEP-0198) keeps that one stamp; a client's claim of such a stamp gets the server's own.
     */
    @Test
    void aMessageTheServerAlreadyDelayedKeepsItsOneDelay() throws Exception {
        Stanza rerouted = T.message("juliet@example.org/balcony", "romeo@example.org", "chat", "held");
        rerouted.element().addElement(org.dom4j.QName.get("delay", Namespaces.DELAY))
                .addAttribute("from", "example.org").addAttribute("stamp", "2026-01-02T03:04:05Z");
        server.router.route(rerouted);
        FakeSession juliet = server.connect("juliet@example.org/balcony");
        Stanza forged = T.message(juliet.jid.toString(), "romeo@example.org", "chat", "forged");
        forged.element().addElement(org.dom4j.QName.get("delay", Namespaces.DELAY))
                .addAttribute("from", "example.org").addAttribute("stamp", "2001-01-01T00:00:00Z");
        server.send(juliet, forged);
        TestServer.await("stored", () -> count("romeo") == 2);

        FakeSession romeo = server.connect("romeo@example.org/orchard");
        server.available(romeo, 1);
        TestServer.await("delivered", () -> romeo.delivered.stream().filter(s -> s.kind() == Stanza.Kind.MESSAGE)
                .count() == 2);
        for (Stanza m : romeo.delivered) {
            if (m.kind() != Stanza.Kind.MESSAGE) {
                continue;
            }
            var delays = m.element().elements(org.dom4j.QName.get("delay", Namespaces.DELAY));
            if ("held".equals(m.element().elementText("body"))) {
                assertEquals(1, delays.size(), "one delay: " + m.element().asXML());
                assertEquals("2026-01-02T03:04:05Z", delays.get(0).attributeValue("stamp"));
            } else {
                assertEquals(2, delays.size(), "the server adds its own to a client's: " + m.element().asXML());
            }
        }
    }

    @Test
    void fullStoreAndUnknownAccountsAreServiceUnavailable() throws Exception {
        FakeSession juliet = server.connect("juliet@example.org/balcony");
        for (int i = 0; i < 3; i++) {
            server.send(juliet, T.message(juliet.jid.toString(), "romeo@example.org", "normal", "m" + i));
        }
        TestServer.await("limit reached", () -> juliet.delivered.size() == 1);
        assertEquals("service-unavailable", T.condition(juliet.last()));
        assertEquals(2, count("romeo"));

        server.send(juliet, T.message(juliet.jid.toString(), "ghost@example.org", "chat", "anyone?"));
        TestServer.await("unknown account", () -> juliet.delivered.size() == 2);
        assertEquals("service-unavailable", T.condition(juliet.last()));
        assertEquals(0, count("ghost"));
    }

    private int count(String user) {
        try {
            return server.stores.count(user).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
