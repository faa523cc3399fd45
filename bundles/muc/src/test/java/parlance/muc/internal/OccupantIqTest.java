package parlance.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/**
 * XEP-0045 §18.3: IQs to an occupant address are forwarded without revealing real addresses; vcard-temp requests
 * (XEP-0054) go to the occupant's bare address, where the user's server answers them.
 */
class OccupantIqTest {
    static final String ROOM = "room@" + Harness.SERVICE;
    final Harness h = new Harness();
    final FakeSession owner = h.user("owner@example.org/a");
    final FakeSession bob = h.user("bob@example.org/b");

    @BeforeEach
    void room() {
        h.createInstant(owner, ROOM + "/boss");
        h.join(bob, ROOM + "/bob");
        owner.delivered.clear();
        bob.delivered.clear();
    }

    @Test
    void aVCardRequestGoesToTheBareAddressAndTheServersAnswerComesBack() {
        Stanza request = TestStanzas.iq(bob.jid.toString(), ROOM + "/boss", "get", MucNs.VCARD, "vCard");
        h.send(request);
        assertTrue(owner.delivered.isEmpty(), "the client is not asked: " + owner.delivered);
        Stanza forwarded = h.routed.get(h.routed.size() - 1);
        assertEquals("owner@example.org", forwarded.to().toString(), "to the bare address, for the server");
        assertEquals(ROOM + "/bob", forwarded.element().attributeValue("from"), "bob's real address stays hidden");
        assertNotEquals(request.id(), forwarded.id());

        Stanza answer = TestStanzas.iq("owner@example.org", ROOM + "/bob", "result", MucNs.VCARD, "vCard");
        answer.element().addAttribute("id", forwarded.id());
        answer.payload().addElement("FN", MucNs.VCARD).setText("The Owner");
        h.send(answer);
        Stanza back = bob.last();
        assertEquals("result", back.type());
        assertEquals(request.id(), back.id());
        assertEquals(ROOM + "/boss", back.element().attributeValue("from"));
        assertEquals("The Owner", back.payload().elementText("FN"));
    }

    @Test
    void otherRequestsGoToTheOccupantsSessionAndOnlyItsAnswerCounts() {
        Stanza request = TestStanzas.iq(bob.jid.toString(), ROOM + "/boss", "get", "jabber:iq:version", "query");
        h.send(request);
        Stanza forwarded = owner.last();
        assertEquals(ROOM + "/bob", forwarded.element().attributeValue("from"));

        Stanza forged = TestStanzas.iq("eve@example.org/e", ROOM + "/bob", "result", "jabber:iq:version", "query");
        forged.element().addAttribute("id", forwarded.id());
        h.send(forged);
        assertTrue(bob.delivered.isEmpty(), "an answer from elsewhere is dropped: " + bob.delivered);

        Stanza answer = TestStanzas.iq(owner.jid.toString(), ROOM + "/bob", "result", "jabber:iq:version", "query");
        answer.element().addAttribute("id", forwarded.id());
        h.send(answer);
        assertEquals(request.id(), bob.last().id());
        assertEquals(ROOM + "/boss", bob.last().element().attributeValue("from"));
    }

    @Test
    void nonOccupantsCannotAskOccupants() {
        FakeSession eve = h.user("eve@example.org/e");
        h.send(TestStanzas.iq(eve.jid.toString(), ROOM + "/boss", "get", MucNs.VCARD, "vCard"));
        assertEquals("bad-request", TestStanzas.condition(eve.last()));
        assertTrue(h.routed.stream().noneMatch(s -> s.kind() == Stanza.Kind.IQ), "nothing was forwarded");
    }
}
