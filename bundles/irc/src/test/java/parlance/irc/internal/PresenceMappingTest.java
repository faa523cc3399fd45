package parlance.irc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/**
 * IRC users' presence as XMPP presence, against {@link FakeIrcServer}: channel members' away state from WHO flags
 * (RFC 2812 §3.6.1, 352 H/G), 301 RPL_AWAY and IRCv3 away-notify as occupant presence with {@code <show>away}
 * (XEP-0045 §7.7); contacts {@code nick@gateway} subscribed to (XEP-0100 §4.6, §4.7), probed (RFC 6121 §4.3.2)
 * and tracked with ISON (RFC 2812 §4.9). Polls are triggered by the test (the interval is off), and "nothing was
 * sent" is checked by a marker: a PRIVMSG the fake server writes after its answer to the poll must be the very
 * next stanza routed.
 */
class PresenceMappingTest {
    static final String ALICE = "alice@example.org/desk";
    static final String ALICE_BARE = "alice@example.org";
    static final String ROOM = "#test@" + Harness.GATEWAY;
    static final String DAVE = "dave@" + Harness.GATEWAY;
    final FakeIrcServer irc;
    final Harness h;

    PresenceMappingTest() throws Exception {
        irc = new FakeIrcServer();
        h = new Harness(irc.port());
    }

    @AfterEach
    void close() throws Exception {
        h.close();
        irc.close();
    }

    /** Registers alice as {@code Alice} and joins #test; returns after the subject. */
    private void join() throws Exception {
        h.register(ALICE, "Alice");
        h.presence(ALICE, ROOM + "/Alice", null);
        h.next(s -> s.kind() == Stanza.Kind.MESSAGE && s.element().element("subject") != null);
    }

    /** Logs alice in through the gateway's own presence (XEP-0100 §4.4). */
    private void logIn() throws Exception {
        h.register(ALICE, "Alice");
        h.presence(ALICE, Harness.GATEWAY, null);
        assertEquals("available", h.next(Harness.from(Harness.GATEWAY)).type());
    }

    /** One round of polling, answered by the fake server before this returns. */
    private void poll(String expected) throws Exception {
        h.sessions.ifOpen(TestStanzas.jid(ALICE_BARE), s -> s.presence.poll());
        irc.expect(expected);
    }

    /** Everything routed before the marker message the fake server sends now. */
    private List<Stanza> untilMarker() throws Exception {
        irc.send(":bob!b@h PRIVMSG Alice :marker");
        List<Stanza> before = new ArrayList<>();
        while (true) {
            Stanza s = h.routed.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("no marker; routed before: " + before);
            }
            if (s.kind() == Stanza.Kind.MESSAGE && "marker".equals(s.element().elementText("body"))) {
                return before;
            }
            before.add(s);
        }
    }

    private static String show(Stanza s) {
        return s.element().elementText("show");
    }

    @Test
    void whoFlagGoneIsAnAwayOccupantAndOnlyChangesAreSent() throws Exception {
        irc.flags.put("carol", "G");
        join();
        assertTrue(irc.expect("WHO").startsWith("WHO #test"), "RFC 2812 §3.6.1: WHO of the channel entered");
        Stanza carol = h.next(Harness.from(ROOM + "/carol"));
        assertEquals("away", show(carol));
        assertEquals("participant", Harness.item(carol).attributeValue("role"));

        poll("WHO #test");
        assertEquals(List.of(), untilMarker(), "the same flags again: no presence");

        irc.flags.put("carol", "H");
        irc.flags.put("bob", "G@");
        poll("WHO #test");
        List<Stanza> changed = untilMarker();
        assertEquals(2, changed.size(), changed.toString());
        Stanza bob = changed.stream().filter(Harness.from(ROOM + "/bob")).findFirst().orElseThrow();
        assertEquals("away", show(bob));
        assertEquals("moderator", Harness.item(bob).attributeValue("role"), "the operator stays moderator");
        Stanza back = changed.stream().filter(Harness.from(ROOM + "/carol")).findFirst().orElseThrow();
        assertNull(show(back), "carol is back: plain available");
        assertEquals("available", back.type());

        h.presence("alice@example.org/phone", ROOM + "/Alice", null);
        Stanza joined = h.next(s -> "alice@example.org/phone".equals(s.element().attributeValue("to"))
                && (ROOM + "/bob").equals(s.element().attributeValue("from")));
        assertEquals("away", show(joined), "a resource entering later sees who is away");
    }

    @Test
    void rplAwayGivesTheAwayMessageOnce() throws Exception {
        join();
        irc.expect("WHO");
        h.send(TestStanzas.message(ALICE, ROOM + "/carol", "chat", "lunch?"));
        irc.expect("PRIVMSG carol");
        irc.send(":fake.server 301 Alice carol :at lunch");
        Stanza carol = h.next(Harness.from(ROOM + "/carol"));
        assertEquals("away", show(carol));
        assertEquals("at lunch", carol.element().elementText("status"));

        irc.send(":fake.server 301 Alice carol :at lunch");
        irc.flags.put("carol", "G");
        poll("WHO #test");
        assertEquals(List.of(), untilMarker(), "same message, and G keeps the known message: nothing new");
    }

    @Test
    void awayNotifyIsNegotiatedAndReplacesWhoPolling() throws Exception {
        irc.caps.add("away-notify");
        join();
        assertEquals("CAP LS 302", irc.expect("CAP LS"));
        assertEquals("CAP REQ :away-notify", irc.expect("CAP REQ"));
        assertEquals("CAP END", irc.expect("CAP END"));
        irc.expect("WHO #test"); // the state at entry: away-notify reports changes only
        irc.send(":carol!c@h AWAY :brb");
        Stanza away = h.next(Harness.from(ROOM + "/carol"));
        assertEquals("away", show(away));
        assertEquals("brb", away.element().elementText("status"));
        irc.send(":carol!c@h AWAY");
        assertNull(show(h.next(Harness.from(ROOM + "/carol"))));

        h.sessions.ifOpen(TestStanzas.jid(ALICE_BARE), s -> s.presence.poll());
        h.send(TestStanzas.message(ALICE, ROOM, "groupchat", "after the poll"));
        assertEquals("PRIVMSG #test :after the poll", irc.expect("PRIVMSG"));
        assertTrue(irc.received.stream().noneMatch(l -> l.startsWith("WHO")), "no WHO polling: " + irc.received);
    }

    @Test
    void subscribingToANickTracksItWithIsonOnePresencePerChange() throws Exception {
        logIn();
        irc.online.add("dave");
        h.presence(ALICE_BARE, DAVE, "subscribe");
        assertEquals("subscribed", h.next(Harness.from(DAVE)).type(), "XEP-0100 §4.6: approved at once");
        assertEquals("subscribe", h.next(Harness.from(DAVE)).type(), "and the contact asks back");
        assertEquals("ISON dave", irc.expect("ISON"));
        Stanza online = h.next(Harness.from(DAVE));
        assertEquals("available", online.type());
        assertEquals(ALICE_BARE, online.element().attributeValue("to"));

        poll("ISON dave");
        assertEquals(List.of(), untilMarker(), "still online: nothing");

        irc.online.remove("dave");
        poll("ISON dave");
        List<Stanza> gone = untilMarker();
        assertEquals(1, gone.size(), gone.toString());
        assertEquals("unavailable", gone.get(0).type());
        poll("ISON dave");
        assertEquals(List.of(), untilMarker(), "still offline: nothing");

        irc.online.add("dave");
        poll("ISON dave");
        List<Stanza> back = untilMarker();
        assertEquals(1, back.size(), back.toString());
        assertEquals("available", back.get(0).type());
    }

    @Test
    void probesAreAnsweredWithTheCurrentState() throws Exception {
        h.register(ALICE, "Alice");
        h.presence(ALICE_BARE, DAVE, "probe");
        assertEquals("unavailable", h.next(Harness.from(DAVE)).type(), "no IRC connection: unavailable");

        h.presence(ALICE, Harness.GATEWAY, null);
        irc.online.add("dave");
        assertEquals("ISON dave", irc.expect("ISON"), "the probe put dave on the list; log in asks at once");
        assertEquals("available", h.next(Harness.from(DAVE)).type());
        h.presence(ALICE_BARE, DAVE, "probe");
        Stanza answer = h.next(Harness.from(DAVE));
        assertEquals("available", answer.type(), "known state answered without asking IRC");
        assertEquals(ALICE_BARE, answer.element().attributeValue("to"));
    }

    @Test
    void quitOfAContactInASharedChannelUnsubscribeAndLogOut() throws Exception {
        join();
        irc.online.add("bob");
        irc.online.add("carol");
        h.presence(ALICE_BARE, "bob@" + Harness.GATEWAY, "subscribe");
        h.presence(ALICE_BARE, "carol@" + Harness.GATEWAY, "subscribe");
        h.next(s -> "available".equals(s.type()) && Harness.from("bob@" + Harness.GATEWAY).test(s));
        h.next(s -> "available".equals(s.type()) && Harness.from("carol@" + Harness.GATEWAY).test(s));

        irc.send(":bob!b@h QUIT :bye");
        assertEquals("unavailable", h.next(Harness.from("bob@" + Harness.GATEWAY)).type(), "QUIT seen: offline now");

        h.presence(ALICE_BARE, "carol@" + Harness.GATEWAY, "unsubscribe");
        assertEquals("unsubscribed", h.next(Harness.from("carol@" + Harness.GATEWAY)).type());
        assertEquals("unavailable", h.next(Harness.from("carol@" + Harness.GATEWAY)).type());
        irc.online.add("dave");
        h.presence(ALICE_BARE, DAVE, "subscribe");
        irc.expect("ISON dave");
        h.next(s -> "available".equals(s.type()) && Harness.from(DAVE).test(s));
        poll("ISON ");
        assertTrue(irc.received.stream().noneMatch(l -> l.contains("carol") && l.startsWith("ISON")),
                "carol is no longer asked for");

        h.presence(ALICE, ROOM + "/Alice", "unavailable");
        Stanza dave = h.next(Harness.from(DAVE));
        assertEquals("unavailable", dave.type(), "XEP-0100 §4.5: log out makes every online contact unavailable");
        assertTrue(irc.expect("QUIT").startsWith("QUIT"));
    }
}
