package parlance.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;

/** XEP-0352 client state indication: what an inactive client gets, and when. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientStateTest {
    @TempDir
    Path home;
    TestServer server;
    TestClient client;
    ClientSession session;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(home, new SmSettings(300, 5000, 5, 200, 5)); // at most 5 held back
        client = server.client();
        client.login(server.cert(), "juliet", "balcony");
        session = server.sessions.bound.get(StreamManagementTest.jid(StreamManagementTest.JULIET));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** {@code <inactive/>}, then a round trip so that the server has read it before the test delivers. */
    private void inactive() throws Exception {
        client.send("<inactive xmlns='urn:xmpp:csi:0'/><iq type='set' id='sync'>"
                + "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
        assertEquals("sync", client.element().attributeValue("id"), "an IQ is important: answered at once");
    }

    private void presence(String from, String show) throws Exception {
        Element p = Stanzas.newElement(Stanza.Kind.PRESENCE);
        p.addAttribute("from", from);
        p.addAttribute("to", StreamManagementTest.JULIET);
        if (show != null) {
            p.addElement("show").setText(show);
        }
        session.deliver(Stanza.of(p, StreamManagementTest.jid(from), session.jid()));
    }

    private void composing() throws Exception {
        Element m = Stanzas.newElement(Stanza.Kind.MESSAGE);
        m.addAttribute("from", "romeo@example.org/orchard");
        m.addAttribute("type", "chat");
        m.addElement(QName.get("composing", "http://jabber.org/protocol/chatstates"));
        session.deliver(Stanza.of(m, StreamManagementTest.jid("romeo@example.org/orchard"), session.jid()));
    }

    /** What the client receives next, as "presence from/show", "composing" or "body text". */
    private List<String> next(int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Element e = client.element();
            if ("presence".equals(e.getName())) {
                out.add("presence " + e.attributeValue("from") + "/" + e.elementText("show"));
            } else if (e.element("body") != null) {
                out.add("body " + e.elementText("body"));
            } else {
                out.add(e.getName() + " " + ((Element) e.elements().get(0)).getName());
            }
        }
        return out;
    }

    /** Presence (latest per sender) and chat states wait until a message with a body comes, then arrive first. */
    @Test
    void inactiveHoldsPresenceAndChatStatesUntilAMessageWithABody() throws Exception {
        inactive();
        presence("romeo@example.org/orchard", null);
        presence("nurse@example.org/hall", null);
        presence("romeo@example.org/orchard", "away"); // replaces romeo's first
        composing();
        session.deliver(StreamManagementTest.chat("hello", StreamManagementTest.JULIET));
        assertEquals(List.of("presence nurse@example.org/hall/null", "presence romeo@example.org/orchard/away",
                "message composing", "body hello"), next(4));
    }

    /** {@code <active/>} sends what waited; while active everything goes straight out. */
    @Test
    void activeFlushesAndStopsHolding() throws Exception {
        inactive();
        presence("romeo@example.org/orchard", "dnd");
        presence("romeo@example.org/orchard", "xa");
        client.send("<active xmlns='urn:xmpp:csi:0'/>");
        assertEquals(List.of("presence romeo@example.org/orchard/xa"), next(1));
        presence("nurse@example.org/hall", "chat");
        assertEquals(List.of("presence nurse@example.org/hall/chat"), next(1));
    }

    /** The buffer is bounded: the fifth held stanza sends them all. */
    @Test
    void aFullBufferIsSentAnyway() throws Exception {
        inactive();
        for (int i = 1; i <= 5; i++) {
            presence("user" + i + "@example.org/r", null);
        }
        List<String> got = next(5);
        assertEquals("presence user1@example.org/r/null", got.get(0));
        assertEquals("presence user5@example.org/r/null", got.get(4));
    }
}
