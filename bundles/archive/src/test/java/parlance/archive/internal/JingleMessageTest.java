package parlance.archive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.api.storage.ArchivedMessage;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/**
 * Jingle Message Initiation (XEP-0353 §3) through the archive and carbons: a call proposal rings on every device
 * of the callee and is in the archive (XEP-0313 §5 with the XEP-0334 {@code <store/>} hint), and the answer from
 * one device reaches the callee's other devices as a carbon (XEP-0280 §6) so they stop ringing.
 */
class JingleMessageTest {
    private static final String CALL = "ca3cf894-5325-482f-a412-a6e9f832298d";

    private Harness h;
    private FakeSession balcony;
    private FakeSession phone;
    private FakeSession laptop;
    private FakeSession romeo;

    @BeforeEach
    void setUp() throws Exception {
        h = new Harness("always", 50);
        balcony = h.login("juliet@example.org/balcony", 1);
        phone = h.login("juliet@example.org/phone", 1);
        laptop = h.login("juliet@example.org/laptop", -1); // never gets bare-JID messages itself
        romeo = h.login("romeo@example.org/orchard", 1);
        h.enableCarbons(balcony);
        h.enableCarbons(phone);
        h.enableCarbons(laptop);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    /** {@code <message type='chat'><action xmlns='urn:xmpp:jingle-message:0' id='...'/><store/></message>}. */
    private static Stanza jmi(String from, String to, String action, String ns) {
        Stanza m = TestStanzas.stanza("message", from, to, "chat");
        m.element().addElement(QName.get(action, ns)).addAttribute("id", CALL);
        m.element().addElement(QName.get("store", Ns.HINTS));
        return m;
    }

    /** The JMI actions a session got directly (not as carbons). */
    private static List<String> actions(FakeSession s) {
        List<String> out = new ArrayList<>();
        for (Stanza st : s.delivered) {
            for (Element child : st.element().elements()) {
                if (Ns.JINGLE_MESSAGE.equals(child.getNamespaceURI())) {
                    out.add(child.getName());
                }
            }
        }
        return out;
    }

    /** The JMI actions inside the carbons ({@code sent} or {@code received}) a session got. */
    private static List<String> carbonActions(FakeSession s, String direction) {
        List<String> out = new ArrayList<>();
        for (Stanza st : s.delivered) {
            Element c = st.element().element(QName.get(direction, Ns.CARBONS));
            if (c != null) {
                Element inner = c.element(QName.get("forwarded", Ns.FORWARD)).element("message");
                for (Element child : inner.elements()) {
                    if (Ns.JINGLE_MESSAGE.equals(child.getNamespaceURI())) {
                        out.add(child.getName());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void aProposalRingsOnEveryDeviceAndIsInBothArchives() {
        h.send(romeo, jmi("romeo@example.org/orchard", "juliet@example.org", "propose", Ns.JINGLE_MESSAGE));
        Harness.await(() -> carbonActions(laptop, "received").size() == 1);
        Harness.await(() -> actions(balcony).size() == 1 && actions(phone).size() == 1);
        assertEquals(List.of("propose"), actions(balcony));
        assertEquals(List.of("propose"), actions(phone));
        assertEquals(List.of("propose"), carbonActions(laptop, "received"),
                "the resource that does not get bare-JID messages rings through its carbon");

        List<ArchivedMessage> callee = h.stores.archive("juliet@example.org");
        assertEquals(1, callee.size());
        assertTrue(callee.get(0).stanzaXml().contains("propose"));
        assertEquals(callee.get(0).id(), Stamps.stanzaId(balcony.last(), TestStanzas.jid("juliet@example.org")),
                "the delivered proposal carries its archive id");
        assertEquals(1, h.stores.archive("romeo@example.org").size(), "the caller archives the proposal too");
    }

    @Test
    void aProceedFromOneDeviceReachesTheOthersAsASentCarbon() {
        // XEP-0353 0.6+: the answering device sends <proceed/> to the caller's full JID; carbons stop the others.
        h.send(balcony, jmi("juliet@example.org/balcony", "romeo@example.org/orchard", "proceed", Ns.JINGLE_MESSAGE));
        Harness.await(() -> carbonActions(phone, "sent").size() == 1 && carbonActions(laptop, "sent").size() == 1);
        Harness.await(() -> actions(romeo).size() == 1);
        assertEquals(List.of("proceed"), actions(romeo));
        assertEquals(List.of(), carbonActions(balcony, "sent"), "the answering device gets no copy of its own");
        assertTrue(h.stores.archive("juliet@example.org").get(0).stanzaXml().contains("proceed"));
    }

    @Test
    void anAcceptToTheOwnBareAddressReachesTheOtherDevices() {
        // XEP-0353 up to 0.3: <accept/> goes to the responder's own bare JID.
        h.send(balcony, jmi("juliet@example.org/balcony", "juliet@example.org", "accept", Ns.JINGLE_MESSAGE));
        Harness.await(() -> carbonActions(laptop, "received").size() == 1);
        Harness.await(() -> actions(phone).size() == 1);
        assertEquals(List.of("accept"), actions(phone), "a resource that gets bare-address messages gets it itself");
        assertEquals(List.of("accept"), carbonActions(laptop, "received"),
                "a negative-priority resource gets a carbon so it stops ringing");
        assertEquals(List.of(), carbonActions(balcony, "received"), "the sender gets no copy of its own accept");
        assertEquals(List.of(), carbonActions(phone, "received"), "no duplicate for a resource that got it");
    }

    @Test
    void theOlderNamespaceAndAStoreHintAloneAreArchivedAndCopied() {
        Stanza one = jmi("romeo@example.org/orchard", "juliet@example.org/balcony", "retract", Ns.JINGLE_MESSAGE_1);
        Stanza hinted = TestStanzas.stanza("message", "romeo@example.org/orchard", "juliet@example.org/balcony",
                "normal");
        hinted.element().addElement(QName.get("x", "urn:example:custom"));
        hinted.element().addElement(QName.get("store", Ns.HINTS));
        h.send(romeo, one);
        h.send(romeo, hinted);
        Harness.await(() -> h.stores.archive("juliet@example.org").size() == 2);
        Harness.await(() -> countCarbons(phone) == 2 && countCarbons(laptop) == 2);
        assertTrue(Carbons.eligible(hinted), "a bodiless normal message with <store/> is eligible for carbons");
        assertTrue(h.stores.archive("juliet@example.org").get(1).stanzaXml().contains("urn:example:custom"));
    }

    @Test
    void noStoreNoPermanentStorePrivateAndNoCopyWinOverTheStoreHint() {
        Stanza noStore = jmi("romeo@example.org/orchard", "juliet@example.org/balcony", "propose", Ns.JINGLE_MESSAGE);
        noStore.element().addElement(QName.get("no-store", Ns.HINTS));
        Stanza noPermanent = jmi("romeo@example.org/orchard", "juliet@example.org/balcony", "ringing",
                Ns.JINGLE_MESSAGE);
        noPermanent.element().addElement(QName.get("no-permanent-store", Ns.HINTS));
        Stanza priv = jmi("juliet@example.org/balcony", "romeo@example.org/orchard", "reject", Ns.JINGLE_MESSAGE);
        priv.element().addElement(QName.get("private", Ns.CARBONS));
        Stanza noCopy = jmi("juliet@example.org/balcony", "romeo@example.org/orchard", "finish", Ns.JINGLE_MESSAGE);
        noCopy.element().addElement(QName.get("no-copy", Ns.HINTS));

        assertFalse(MessageArchive.archivable(noStore));
        assertFalse(MessageArchive.archivable(noPermanent));
        assertFalse(Carbons.eligible(priv));
        assertFalse(Carbons.eligible(noCopy));

        h.send(balcony, priv);
        h.send(balcony, noCopy);
        h.send(romeo, noStore);
        h.send(romeo, noPermanent);
        h.chat(romeo, "juliet@example.org/balcony", "last");
        Harness.await(() -> Harness.bodies(balcony).contains("last"));
        Harness.await(() -> actions(romeo).size() == 2);
        assertEquals(List.of("propose", "ringing"), actions(balcony), "hints do not stop delivery");
        List<String> archived = h.stores.archive("juliet@example.org").stream().map(ArchivedMessage::stanzaXml)
                .toList();
        assertEquals(3, archived.size(), "reject, finish and the chat; neither no-store message: " + archived);
        assertTrue(archived.stream().noneMatch(x -> x.contains("propose") || x.contains("ringing")));
        assertEquals(List.of(), carbonActions(phone, "sent"), "<private/> and <no-copy/> are not copied");
    }

    private static int countCarbons(FakeSession s) {
        int n = 0;
        for (Stanza st : s.delivered) {
            n += st.element().element(QName.get("received", Ns.CARBONS)) != null ? 1 : 0;
        }
        return n;
    }
}
