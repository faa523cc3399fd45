package parlance.archive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** Message Carbons (XEP-0280) between the resources of one account. */
class CarbonsTest {
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
        laptop = h.login("juliet@example.org/laptop", -1); // never gets bare-JID messages
        romeo = h.login("romeo@example.org/orchard", 1);
        h.enableCarbons(balcony);
        h.enableCarbons(phone);
        h.enableCarbons(laptop);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void aMessageToOneResourceIsCopiedAsReceivedToTheOtherEnabledOnes() {
        h.chat(romeo, "juliet@example.org/balcony", "to the balcony");
        Harness.await(() -> Harness.carbons(laptop, "received").size() == 1);
        Harness.await(() -> Harness.carbons(phone, "received").size() == 1);
        assertEquals(List.of("to the balcony"), Harness.bodies(balcony));
        assertEquals(List.of(), Harness.carbons(balcony, "received"));
        Stanza copy = phone.last();
        assertEquals("juliet@example.org", copy.element().attributeValue("from"), "copies come from the account");
        Element inner = copy.element().element(QName.get("received", Ns.CARBONS))
                .element(QName.get("forwarded", Ns.FORWARD)).element("message");
        assertEquals(h.stores.archive("juliet@example.org").get(0).id(),
                inner.element(QName.get("stanza-id", Ns.SID)).attributeValue("id"));
    }

    @Test
    void aMessageToTheBareAddressIsNotDuplicatedForResourcesThatGotIt() {
        h.chat(romeo, "juliet@example.org", "to everyone");
        Harness.await(() -> Harness.carbons(laptop, "received").size() == 1);
        h.chat(romeo, "juliet@example.org/phone", "marker");
        Harness.await(() -> Harness.carbons(balcony, "received").size() == 1);
        assertEquals(List.of("to everyone", "marker"), Harness.bodies(phone));
        assertEquals(List.of("marker"), Harness.carbons(balcony, "received"),
                "balcony got the bare message itself, so no copy of it");
        assertEquals(List.of("to everyone", "marker"), Harness.carbons(laptop, "received"));
    }

    @Test
    void aMessageOneResourceSendsIsCopiedAsSentWithTheSendersArchiveId() {
        h.chat(balcony, "romeo@example.org", "from the balcony");
        Harness.await(() -> Harness.carbons(phone, "sent").size() == 1);
        Harness.await(() -> Harness.bodies(romeo).size() == 1);
        assertEquals(List.of(), Harness.carbons(balcony, "sent"), "the sender gets no copy of its own message");
        Element inner = phone.last().element().element(QName.get("sent", Ns.CARBONS))
                .element(QName.get("forwarded", Ns.FORWARD)).element("message");
        assertEquals(h.stores.archive("juliet@example.org").get(0).id(),
                inner.element(QName.get("stanza-id", Ns.SID)).attributeValue("id"));
        assertEquals("juliet@example.org/balcony", inner.attributeValue("from"));
        assertEquals(1, romeo.last().element().elements(QName.get("stanza-id", Ns.SID)).size(),
                "romeo sees only his own archive's id");
        assertEquals("romeo@example.org",
                romeo.last().element().element(QName.get("stanza-id", Ns.SID)).attributeValue("by"));
    }

    @Test
    void privateNoCopyGroupchatAndDisabledSessionsGetNoCopies() {
        Stanza priv = TestStanzas.message("juliet@example.org/balcony", "romeo@example.org", "chat", "private");
        priv.element().addElement(QName.get("private", Ns.CARBONS));
        h.send(balcony, priv);
        Stanza hinted = TestStanzas.message("romeo@example.org/orchard", "juliet@example.org/balcony", "chat", "nc");
        hinted.element().addElement(QName.get("no-copy", Ns.HINTS));
        h.send(romeo, hinted);
        h.send(phone, TestStanzas.iq("juliet@example.org/phone", null, "set", Ns.CARBONS, "disable"));
        h.chat(romeo, "juliet@example.org/balcony", "after disable");
        Harness.await(() -> Harness.carbons(laptop, "received").size() == 1);
        assertEquals(List.of("after disable"), Harness.carbons(laptop, "received"));
        assertEquals(List.of(), Harness.carbons(laptop, "sent"));
        assertEquals(List.of(), Harness.carbons(phone, "received"));
        assertTrue(Carbons.eligible(TestStanzas.message("a@b/c", "d@e", "normal", "body")));
        assertTrue(!Carbons.eligible(TestStanzas.message("a@b/c", "d@e", "groupchat", "body")));
        assertTrue(!Carbons.eligible(TestStanzas.message("a@b/c", "d@e", "headline", "body")));
    }

    @Test
    void aClosedSessionForgetsItsSetting() {
        h.sessions.unregister(phone);
        assertTrue(!h.carbons.isEnabled(phone));
        assertTrue(h.carbons.isEnabled(balcony));
    }
}
