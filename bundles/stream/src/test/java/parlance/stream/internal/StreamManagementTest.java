package parlance.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;

/** XEP-0198 stream management with resumption, over real sockets with fakes for router and session table. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamManagementTest {
    static final String SM = "urn:xmpp:sm:3";
    static final String JULIET = "juliet@example.org/balcony";
    @TempDir
    Path home;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(int resumeSeconds) throws Exception {
        server = new TestServer(home, new SmSettings(resumeSeconds, 5000, 5, 200, 5));
        return server;
    }

    static Jid jid(String text) throws Exception {
        return new Fakes.Preparer().parse(text);
    }

    static Stanza chat(String body, String to) throws Exception {
        Element m = Stanzas.newElement(Stanza.Kind.MESSAGE);
        m.addAttribute("from", "romeo@example.org/orchard");
        m.addAttribute("to", to);
        m.addAttribute("type", "chat");
        m.addElement("body", Namespaces.CLIENT).setText(body);
        return Stanza.of(m, jid("romeo@example.org/orchard"), jid(to));
    }

    /** Binds juliet and enables stream management; returns the {@code <enabled/>}. */
    private Element loginWithSm(TestClient c, boolean resume) throws Exception {
        c.login(server.cert(), "juliet", "balcony");
        c.send("<enable xmlns='urn:xmpp:sm:3'" + (resume ? " resume='true'" : "") + "/>");
        Element enabled = c.element();
        assertEquals("enabled", enabled.getName(), enabled.asXML());
        return enabled;
    }

    /** Reads {@code n} messages, returning their bodies; {@code <r/>} requests are answered when {@code h >= 0}. */
    static List<String> messages(TestClient c, int n, long[] h) throws Exception {
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (bodies.size() < n) {
            assertTrue(System.nanoTime() < deadline, "only got " + bodies.size() + " of " + n + ": " + bodies);
            Element e = c.element();
            if (SM.equals(e.getNamespaceURI()) && "r".equals(e.getName())) {
                if (h != null) {
                    c.send("<a xmlns='urn:xmpp:sm:3' h='" + h[0] + "'/>");
                }
                continue;
            }
            assertEquals("message", e.getName(), e.asXML());
            bodies.add(e.elementText("body"));
            if (h != null) {
                h[0]++;
            }
        }
        return bodies;
    }

    static List<String> range(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("m" + i);
        }
        return out;
    }

    private ClientSession juliet() throws Exception {
        ClientSession s = server.sessions.bound.get(jid(JULIET));
        assertNotNull(s, "juliet is bound");
        return s;
    }

    private void burst(ClientSession s, int from, int to) throws Exception {
        List<Stanza> stanzas = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            stanzas.add(chat("m" + i, JULIET));
        }
        Thread t = new Thread(() -> stanzas.forEach(s::deliver)); // the router's thread, not the event loop
        t.start();
        t.join();
    }

    /** §2, §3, §4: features, {@code <enabled/>}, both counters, server requests, and a too high {@code h}. */
    @Test
    void enableCountsBothWaysAndRejectsAnAckOfUnsentStanzas() throws Exception {
        start(300);
        try (TestClient c = server.client()) {
            Element features = c.authenticate(server.cert(), "juliet");
            assertNotNull(features.element(QName.get("sm", SM)), features.asXML());
            assertNotNull(features.element(QName.get("csi", "urn:xmpp:csi:0")), features.asXML());
            c.send("<enable xmlns='urn:xmpp:sm:3'/>");
            Element early = c.element();
            assertEquals("failed", early.getName(), "no enable before binding: " + early.asXML());
            c.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>balcony</resource>"
                    + "</bind></iq>");
            assertEquals("result", c.element().attributeValue("type"));
            c.send("<enable xmlns='urn:xmpp:sm:3'/>");
            Element enabled = c.element();
            assertEquals("enabled", enabled.getName());
            assertNull(enabled.attributeValue("id"), "no resumption asked, none offered");

            for (int i = 0; i < 3; i++) {
                c.send("<message to='romeo@example.org' type='chat'><body>x</body></message>");
            }
            c.send("<r xmlns='urn:xmpp:sm:3'/>");
            Element a = c.element();
            assertEquals("a", a.getName(), a.asXML());
            assertEquals("3", a.attributeValue("h"));

            burst(juliet(), 1, 5);
            assertEquals(range(1, 5), messages(c, 5, null));
            Element r = c.element();
            assertEquals("r", r.getName(), "the server asks for an ack after 5 stanzas: " + r.asXML());
            c.send("<a xmlns='urn:xmpp:sm:3' h='5'/>");
            burst(juliet(), 6, 6);
            assertEquals(List.of("m6"), messages(c, 1, null));
            assertEquals("r", c.element().getName(), "a quiet stream with an unacked stanza is asked too");
            c.send("<a xmlns='urn:xmpp:sm:3' h='8'/>"); // only 6 were sent
            assertEquals("undefined-condition", c.streamError());
        }
    }

    /** §5: the connection drops mid-burst; the resumed stream gets every unacknowledged stanza once, in order. */
    @Test
    void resumeAfterADropDeliversEveryMessageExactlyOnce() throws Exception {
        start(300);
        String id;
        ClientSession held;
        try (TestClient a = server.client()) {
            id = loginWithSm(a, true).attributeValue("id");
            assertNotNull(id);
            a.send("<presence/>");
            a.send("<message to='romeo@example.org' type='chat'><body>hi</body></message>");
            assertNotNull(server.router.received.poll(5, TimeUnit.SECONDS));
            assertNotNull(server.router.received.poll(5, TimeUnit.SECONDS));
            held = juliet();
            held.setPresence(Stanza.of(Stanzas.newElement(Stanza.Kind.PRESENCE), held.jid(), null));
            burst(held, 1, 100);
            long[] h = {0};
            assertEquals(range(1, 10), messages(a, 10, h)); // acks what it read when asked
            assertEquals(range(11, 30), messages(a, 20, null)); // then reads without acking, and is cut off
        }
        burst(held, 101, 120); // while held: still bound, queueing
        assertSame(held, juliet());
        try (TestClient b = server.client()) {
            b.authenticate(server.cert(), "juliet");
            b.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='30'/>");
            Element resumed = b.element();
            assertEquals("resumed", resumed.getName(), resumed.asXML());
            assertEquals("2", resumed.attributeValue("h"), "the server's count of our stanzas survives");
            long[] h = {30};
            assertEquals(range(31, 120), messages(b, 90, h));
            burst(held, 121, 125);
            assertEquals(range(121, 125), messages(b, 5, h));
            b.send("<r xmlns='urn:xmpp:sm:3'/>");
            Element a = b.element();
            while ("r".equals(a.getName())) {
                a = b.element();
            }
            assertEquals("2", a.attributeValue("h"));
        }
        assertNull(server.sessions.unregistered.poll(300, TimeUnit.MILLISECONDS), "dropped again: held again");
        assertSame(held, juliet());
        assertNotNull(held.presence(), "presence kept across resumption");
    }

    /** §5: a second stream resuming a session that still has a connection takes it over. */
    @Test
    void resumptionTakesOverFromAStillOpenConnection() throws Exception {
        start(300);
        try (TestClient a = server.client(); TestClient b = server.client()) {
            String id = loginWithSm(a, true).attributeValue("id");
            ClientSession s = juliet();
            burst(s, 1, 3);
            assertEquals(range(1, 3), messages(a, 3, null));
            b.authenticate(server.cert(), "juliet");
            b.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='1'/>");
            assertEquals("resumed", b.element().getName());
            assertEquals(range(2, 3), messages(b, 2, null));
            Object o;
            while (!((o = a.next()) instanceof Element) || !"error".equals(((Element) o).getName())) {
                assertTrue(o instanceof Element, "the old stream ends with a stream error, got " + o);
            }
            assertEquals("conflict", ((Element) ((Element) o).elements().get(0)).getName());
            burst(s, 4, 4);
            assertEquals(List.of("m4"), messages(b, 1, null));
            assertSame(s, juliet());
            assertTrue(server.sessions.unregistered.isEmpty());
        }
    }

    /** §5: an unknown id fails with item-not-found, and the client can still bind. */
    @Test
    void resumingAnUnknownIdFails() throws Exception {
        start(300);
        try (TestClient c = server.client()) {
            c.authenticate(server.cert(), "juliet");
            c.send("<resume xmlns='urn:xmpp:sm:3' previd='nope' h='0'/>");
            Element failed = c.element();
            assertEquals("failed", failed.getName());
            assertNotNull(failed.element(QName.get("item-not-found", "urn:ietf:params:xml:ns:xmpp-stanzas")));
            c.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            assertEquals("result", c.element().attributeValue("type"));
        }
    }

    /** Only the account that owned the session may resume it. */
    @Test
    void anotherAccountCannotResume() throws Exception {
        start(300);
        String id;
        try (TestClient a = server.client()) {
            id = loginWithSm(a, true).attributeValue("id");
        }
        try (TestClient romeo = server.client()) {
            romeo.authenticate(server.cert(), "romeo");
            romeo.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");
            Element failed = romeo.element();
            assertEquals("failed", failed.getName());
            assertNotNull(failed.element(QName.get("item-not-found", "urn:ietf:params:xml:ns:xmpp-stanzas")));
        }
        assertNotNull(juliet(), "juliet's session is still held");
        try (TestClient b = server.client()) {
            b.authenticate(server.cert(), "juliet");
            b.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");
            assertEquals("resumed", b.element().getName());
        }
    }

    /**
     * §5: when the hold times out, the session leaves the table first, then chat messages with a body go to the bare
     * address with a delay stamp, IQ requests are answered with recipient-unavailable, the rest is dropped.
     */
    @Test
    void anExpiredHoldReroutesUnackedMessagesToTheBareAddress() throws Exception {
        start(1);
        List<Integer> boundWhenRouted = new CopyOnWriteArrayList<>();
        server.router.onRoute = s -> boundWhenRouted.add(server.sessions.count());
        ClientSession s;
        try (TestClient a = server.client()) {
            loginWithSm(a, true);
            s = juliet();
            s.deliver(chat("keep me", JULIET));
            Element state = Stanzas.newElement(Stanza.Kind.MESSAGE);
            state.addAttribute("from", "romeo@example.org/orchard");
            state.addAttribute("type", "chat");
            state.addElement(QName.get("composing", "http://jabber.org/protocol/chatstates"));
            s.deliver(Stanza.of(state, jid("romeo@example.org/orchard"), s.jid()));
            Element presence = Stanzas.newElement(Stanza.Kind.PRESENCE);
            presence.addAttribute("from", "romeo@example.org/orchard");
            s.deliver(Stanza.of(presence, jid("romeo@example.org/orchard"), s.jid()));
            Element iq = Stanzas.newElement(Stanza.Kind.IQ);
            iq.addAttribute("from", "romeo@example.org/orchard");
            iq.addAttribute("type", "get");
            iq.addAttribute("id", "v1");
            iq.addElement(QName.get("query", "jabber:iq:version"));
            s.deliver(Stanza.of(iq, jid("romeo@example.org/orchard"), s.jid()));
            assertEquals("message", a.element().getName()); // written, never acknowledged
        }
        assertSame(s, server.sessions.unregistered.poll(10, TimeUnit.SECONDS));
        Stanza message = server.router.routed.poll(5, TimeUnit.SECONDS);
        Stanza error = server.router.routed.poll(5, TimeUnit.SECONDS);
        assertNotNull(message);
        assertNotNull(error);
        assertNull(server.router.routed.poll(300, TimeUnit.MILLISECONDS), "chat state and presence are dropped");
        assertEquals("juliet@example.org", message.to().toString());
        assertEquals("juliet@example.org", message.element().attributeValue("to"));
        assertEquals("romeo@example.org/orchard", message.from().toString());
        assertEquals("keep me", message.element().elementText("body"));
        assertNotNull(message.element().element(QName.get("delay", Namespaces.DELAY)));
        assertEquals("iq", error.element().getName());
        assertEquals("error", error.element().attributeValue("type"));
        assertEquals("romeo@example.org/orchard", error.element().attributeValue("to"));
        assertNotNull(error.element().element("error").element(QName.get("recipient-unavailable",
                "urn:ietf:params:xml:ns:xmpp-stanzas")));
        assertEquals(List.of(0, 0), boundWhenRouted, "re-routed only after the session left the table");
        try (TestClient b = server.client()) {
            b.authenticate(server.cert(), "juliet");
            b.send("<resume xmlns='urn:xmpp:sm:3' previd='x' h='0'/>");
            assertEquals("failed", b.element().getName());
        }
    }

    /** §5: a clean close ends the session at once; what the client did not acknowledge goes to the bare address. */
    @Test
    void aCleanCloseEndsTheSessionAndReroutesUnacked() throws Exception {
        start(300);
        try (TestClient a = server.client()) {
            loginWithSm(a, true);
            ClientSession s = juliet();
            s.deliver(chat("unacked", JULIET));
            assertEquals(List.of("unacked"), messages(a, 1, null));
            a.send("</stream:stream>");
            assertSame(s, server.sessions.unregistered.poll(5, TimeUnit.SECONDS));
        }
        Stanza again = server.router.routed.poll(5, TimeUnit.SECONDS);
        assertNotNull(again);
        assertEquals("juliet@example.org", again.to().toString());
        assertEquals("unacked", again.element().elementText("body"));
    }
}
