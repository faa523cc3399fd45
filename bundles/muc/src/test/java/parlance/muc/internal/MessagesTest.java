package parlance.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** XEP-0045 §7.4 groupchat, §7.5 private messages, §8.1 subject, §7.8 invitations; XEP-0421, XEP-0359. */
class MessagesTest {
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
    void groupchatGoesToEveryoneWithOccupantIdAndStanzaId() {
        h.groupchat(bob, ROOM, "hi all");
        Stanza atOwner = owner.last();
        Stanza echo = bob.last();
        assertEquals(ROOM + "/bob", atOwner.element().attributeValue("from"));
        assertEquals("owner@example.org/a", atOwner.element().attributeValue("to"));
        assertEquals("hi all", atOwner.element().elementText("body"));
        assertEquals("bob@example.org/b", echo.element().attributeValue("to"), "§7.4: the sender gets it too");
        Element sid = atOwner.element().element(QName.get("stanza-id", MucNs.SID));
        assertEquals(ROOM, sid.attributeValue("by"));
        String archivedId = h.archiveStore.archives.get(ROOM).get(0).id();
        assertEquals(archivedId, sid.attributeValue("id"));
        assertEquals(ROOM + "/bob", h.archiveStore.archives.get(ROOM).get(0).with());
        assertNotNull(atOwner.element().element(QName.get("occupant-id", MucNs.OCCUPANT_ID)));
    }

    @Test
    void occupantIdIsStablePerUserAndRoomAndHidesForgedOnes() {
        Stanza m = TestStanzas.message(bob.jid.toString(), ROOM, "groupchat", "x");
        m.element().addElement("occupant-id", MucNs.OCCUPANT_ID).addAttribute("id", "forged");
        h.send(m);
        String first = id(owner.last());
        assertNotEquals("forged", first);
        h.send(TestStanzas.presence(bob.jid.toString(), ROOM + "/bob", "unavailable", 0));
        FakeSession bob2 = h.user("bob@example.org/phone");
        h.join(bob2, ROOM + "/bobby");
        assertEquals(first, id(Harness.of(owner, "presence").get(1)), "same user, same id");
        assertNotEquals(first, id(Harness.of(bob2, "presence").get(0)), "the owner has another id");
    }

    private static String id(Stanza s) {
        return s.element().element(QName.get("occupant-id", MucNs.OCCUPANT_ID)).attributeValue("id");
    }

    @Test
    void nonOccupantsCannotSendAndFloodsAreStopped() {
        FakeSession eve = h.user("eve@example.org/e");
        h.groupchat(eve, ROOM, "let me in");
        assertEquals("not-acceptable", TestStanzas.condition(eve.last()));
        for (int i = 0; i < 30; i++) {
            h.groupchat(bob, ROOM, "spam " + i);
        }
        h.groupchat(bob, ROOM, "one too many");
        assertEquals("resource-constraint", TestStanzas.condition(bob.last()));
        assertEquals("wait", bob.last().element().element("error").attributeValue("type"));
        h.clock.addAndGet(1000);
        h.groupchat(bob, ROOM, "later");
        assertEquals("later", owner.last().element().elementText("body"));
    }

    @Test
    void privateMessagesGoToTheOccupantOnly() {
        h.send(TestStanzas.message(bob.jid.toString(), ROOM + "/boss", "chat", "psst"));
        Stanza pm = owner.last();
        assertEquals(ROOM + "/bob", pm.element().attributeValue("from"));
        assertEquals("psst", pm.element().elementText("body"));
        assertNotNull(pm.element().element(QName.get("x", MucNs.USER)));
        assertTrue(Harness.bodies(bob).isEmpty());
        h.send(TestStanzas.message(bob.jid.toString(), ROOM + "/nobody", "chat", "hello?"));
        assertEquals("item-not-found", TestStanzas.condition(bob.last()));
        h.send(TestStanzas.message(bob.jid.toString(), ROOM + "/boss", "groupchat", "wrong"));
        assertEquals("bad-request", TestStanzas.condition(bob.last()));
        h.configure(owner, ROOM, RoomConfig.ALLOW_PM, "moderators");
        h.send(TestStanzas.message(bob.jid.toString(), ROOM + "/boss", "chat", "psst"));
        assertEquals("forbidden", TestStanzas.condition(bob.last()));
    }

    @Test
    void subjectChangesAndNewcomersGetIt() {
        Stanza s = TestStanzas.stanza("message", bob.jid.toString(), ROOM, "groupchat");
        s.element().addElement("subject", "jabber:client").setText("Tea");
        h.send(s);
        assertEquals("forbidden", TestStanzas.condition(bob.last()), "participants may not by default");
        Stanza o = TestStanzas.stanza("message", owner.jid.toString(), ROOM, "groupchat");
        o.element().addElement("subject", "jabber:client").setText("Tea");
        h.send(o);
        assertEquals("Tea", bob.last().element().elementText("subject"));
        FakeSession carol = h.user("carol@example.org/c");
        h.join(carol, ROOM + "/carol");
        assertEquals("Tea", carol.last().element().elementText("subject"));
        assertEquals(ROOM + "/boss", carol.last().element().attributeValue("from"));
        Element info = disco(carol);
        assertTrue(info.asXML().contains("Tea"));
    }

    private Element disco(FakeSession who) {
        h.send(TestStanzas.iq(who.jid.toString(), ROOM, "get", "http://jabber.org/protocol/disco#info", "query"));
        return who.last().payload();
    }

    @Test
    void mediatedInvitationCarriesTheInviterAndMakesAMemberOfAMembersOnlyRoom() {
        h.configure(owner, ROOM, RoomConfig.MEMBERS_ONLY, "1", RoomConfig.SECRET, "pw");
        Stanza m = TestStanzas.stanza("message", owner.jid.toString(), ROOM, null);
        m.element().addElement("x", MucNs.USER).addElement("invite", MucNs.USER)
                .addAttribute("to", "dave@example.org").addElement("reason", MucNs.USER).setText("join us");
        h.send(m);
        Stanza invite = h.routed.get(h.routed.size() - 1);
        assertEquals("dave@example.org", invite.element().attributeValue("to"));
        Element in = invite.element().element("x").element("invite");
        assertEquals("owner@example.org/a", in.attributeValue("from"));
        assertEquals("join us", in.elementText("reason"));
        assertEquals("pw", invite.element().element("x").elementText("password"));
        assertNotNull(invite.element().element(QName.get("x", MucNs.CONFERENCE)), "XEP-0249 form too");
        FakeSession dave = h.user("dave@example.org/d");
        Stanza join = h.joinPresence(dave, ROOM + "/dave", true);
        join.element().element("x").addElement("password", MucNs.MUC).setText("pw");
        h.send(join);
        List<Stanza> seen = Harness.of(dave, "presence");
        assertEquals("member", Harness.item(seen.get(seen.size() - 1)).attributeValue("affiliation"));
    }

    @Test
    void declineGoesBackToTheInviter() {
        FakeSession dave = h.user("dave@example.org/d");
        Stanza m = TestStanzas.stanza("message", dave.jid.toString(), ROOM, null);
        m.element().addElement("x", MucNs.USER).addElement("decline", MucNs.USER)
                .addAttribute("to", "owner@example.org/a");
        h.send(m);
        Element decline = owner.last().element().element("x").element("decline");
        assertEquals("dave@example.org", decline.attributeValue("from"));
    }

    @Test
    void selfPingIsAnsweredByTheRoom() {
        Stanza ping = TestStanzas.iq(bob.jid.toString(), ROOM + "/bob", "get", "urn:xmpp:ping", "ping");
        h.send(ping);
        assertEquals("result", bob.last().type());
        FakeSession eve = h.user("eve@example.org/e");
        h.send(TestStanzas.iq(eve.jid.toString(), ROOM + "/bob", "get", "urn:xmpp:ping", "ping"));
        assertEquals("not-acceptable", TestStanzas.condition(eve.last()));
    }

    @Test
    void iqBetweenOccupantsIsForwardedAndTheAnswerComesBack() {
        Stanza version = TestStanzas.iq(bob.jid.toString(), ROOM + "/boss", "get", "jabber:iq:version", "query");
        h.send(version);
        Stanza forwarded = owner.last();
        assertEquals(ROOM + "/bob", forwarded.element().attributeValue("from"));
        Stanza answer = TestStanzas.stanza("iq", owner.jid.toString(), ROOM + "/bob", "result");
        answer.element().addAttribute("id", forwarded.id());
        h.send(answer);
        assertEquals(version.id(), bob.last().id());
        assertEquals(ROOM + "/boss", bob.last().element().attributeValue("from"));
    }

    @Test
    void unknownRoomAndUnknownIqAreAnswered() {
        h.send(TestStanzas.iq(bob.jid.toString(), "nope@" + Harness.SERVICE, "get",
                "http://jabber.org/protocol/disco#info", "query"));
        assertEquals("item-not-found", TestStanzas.condition(bob.last()));
        h.send(TestStanzas.iq(bob.jid.toString(), ROOM, "get", "urn:example:nothing", "query"));
        assertEquals("service-unavailable", TestStanzas.condition(bob.last()));
        h.send(TestStanzas.iq(bob.jid.toString(), Harness.SERVICE, "get", "urn:example:nothing", "query"));
        assertEquals("service-unavailable", TestStanzas.condition(bob.last()));
        assertNull(TestStanzas.condition(Harness.of(bob, "presence").isEmpty() ? null : bob.last()));
    }

    @Test
    void nickRegistrationReservesTheNick() {
        Stanza get = TestStanzas.iq(bob.jid.toString(), ROOM, "get", "jabber:iq:register", "query");
        h.send(get);
        assertNotNull(bob.last().payload().element("x"));
        Stanza set = TestStanzas.iq(bob.jid.toString(), ROOM, "set", "jabber:iq:register", "query");
        Element form = DataForms.form("submit", MucNs.REGISTER_FORM);
        DataForms.field(form, NickRegistration.NICK_FIELD, null, null, "bob");
        set.payload().add(form);
        h.send(set);
        assertEquals("result", bob.last().type());
        FakeSession eve = h.user("eve@example.org/e");
        h.send(TestStanzas.presence(bob.jid.toString(), ROOM + "/bob", "unavailable", 0));
        h.join(eve, ROOM + "/bob");
        assertEquals("conflict", TestStanzas.condition(eve.last()), "§7.2.9 a registered nick is reserved");
        h.send(TestStanzas.iq(bob.jid.toString(), ROOM, "get", "http://jabber.org/protocol/disco#info", "query"));
        Stanza q = TestStanzas.iq(bob.jid.toString(), ROOM, "get", "http://jabber.org/protocol/disco#info", "query");
        q.payload().addAttribute("node", RoomDisco.ROOMUSER_NODE);
        h.send(q);
        assertEquals("bob", bob.last().payload().element("identity").attributeValue("name"));
    }

    @Test
    void roomDiscoShowsFeaturesAndOccupantCount() {
        Element info = disco(bob);
        String xml = info.asXML();
        for (String f : List.of("http://jabber.org/protocol/muc", "muc_public", "muc_open", "muc_unmoderated",
                "muc_semianonymous", "muc_temporary", "muc_unsecured", "urn:xmpp:mam:2", "urn:xmpp:sid:0",
                "urn:xmpp:occupant-id:0", MucNs.SELF_PING)) {
            assertTrue(xml.contains("var=\"" + f + "\""), f);
        }
        assertTrue(xml.contains("muc#roominfo_occupants"));
        Element occupants = info.element("x").elements("field").stream()
                .filter(f -> "muc#roominfo_occupants".equals(f.attributeValue("var"))).findFirst().orElseThrow();
        assertEquals("2", occupants.elementText("value"));
    }
}
