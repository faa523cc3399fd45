package parlance.irc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/**
 * The gateway against {@link FakeIrcServer} over a loopback socket: login (RFC 2812 §3.1), channels as rooms
 * (XEP-0045 §7.2, §7.4, §7.14), occupants' JOIN/PART/QUIT/NICK, private messages both ways, AWAY, PING, and the
 * errors of XEP-0100 §4 / RFC 6120 §8.3.3 (conflict, remote-server-not-found).
 */
class ChannelMappingTest {
    static final String ALICE = "alice@example.org/desk";
    static final String ROOM = "#test@" + Harness.GATEWAY;
    final FakeIrcServer irc;
    final Harness h;

    ChannelMappingTest() throws Exception {
        irc = new FakeIrcServer();
        h = new Harness(irc.port());
    }

    @AfterEach
    void close() throws Exception {
        h.close();
        irc.close();
    }

    /** Registers alice as {@code Alice}, joins #test, and returns the stanzas up to and including the subject. */
    private List<Stanza> join() throws Exception {
        h.register(ALICE, "Alice");
        h.presence(ALICE, ROOM + "/Alice", null);
        assertEquals("NICK Alice", irc.expect("NICK"));
        assertEquals("USER xmpp 0 * :Alice", irc.expect("USER"));
        assertEquals("JOIN #test", irc.expect("JOIN"));
        Stanza bob = h.next(Harness.from(ROOM + "/bob"));
        Stanza carol = h.next(Harness.from(ROOM + "/carol"));
        Stanza self = h.next(Harness.from(ROOM + "/Alice"));
        Stanza subject = h.next(s -> s.kind() == Stanza.Kind.MESSAGE);
        return List.of(bob, carol, self, subject);
    }

    @Test
    void joiningListsTheMembersThenSelfWith110ThenTheTopic() throws Exception {
        List<Stanza> joined = join();
        Stanza bob = joined.get(0);
        assertEquals(ALICE, bob.element().attributeValue("to"));
        assertEquals("moderator", Harness.item(bob).attributeValue("role"), "@bob is a channel operator");
        assertEquals("participant", Harness.item(joined.get(1)).attributeValue("role"));
        assertEquals(List.of("110"), Harness.codes(joined.get(2)));
        assertEquals("All about testing", joined.get(3).element().elementText("subject"));
        assertEquals(ROOM, joined.get(3).element().attributeValue("from"));
    }

    @Test
    void groupchatGoesBothWaysAndIsReflected() throws Exception {
        join();
        Stanza m = TestStanzas.message(ALICE, ROOM, "groupchat", "hello IRC\nsecond line");
        h.send(m);
        assertEquals("PRIVMSG #test :hello IRC", irc.expect("PRIVMSG"));
        assertEquals("PRIVMSG #test :second line", irc.expect("PRIVMSG"));
        Stanza echo = h.next(Harness.from(ROOM + "/Alice"));
        assertEquals(m.id(), echo.id(), "XEP-0045 §7.2.2: the sender gets its own message with its id");

        irc.send(":bob!b@127.0.0.1 PRIVMSG #test :hi alice");
        Stanza in = h.next(Harness.from(ROOM + "/bob"));
        assertEquals("groupchat", in.type());
        assertEquals("hi alice", in.element().elementText("body"));
        assertEquals(ALICE, in.element().attributeValue("to"));

        irc.send(":bob!b@127.0.0.1 PRIVMSG #test :\u0001ACTION waves\u0001");
        assertEquals("/me waves", h.next(Harness.from(ROOM + "/bob")).element().elementText("body"));
    }

    @Test
    void othersJoiningLeavingQuittingAndRenamingAreOccupantPresence() throws Exception {
        join();
        irc.send(":dave!d@h JOIN #test");
        Stanza dave = h.next(Harness.from(ROOM + "/dave"));
        assertEquals("available", dave.type());
        irc.send(":dave!d@h PART #test :later");
        Stanza gone = h.next(Harness.from(ROOM + "/dave"));
        assertEquals("unavailable", gone.type());
        assertEquals("later", gone.element().elementText("status"));
        irc.send(":carol!c@h NICK :caroline");
        Stanza renamed = h.next(Harness.from(ROOM + "/carol"));
        assertEquals(List.of("303"), Harness.codes(renamed));
        assertEquals("caroline", Harness.item(renamed).attributeValue("nick"));
        assertEquals("available", h.next(Harness.from(ROOM + "/caroline")).type());
        irc.send(":bob!b@h QUIT :Quit: bye");
        Stanza quit = h.next(Harness.from(ROOM + "/bob"));
        assertEquals("unavailable", quit.type());
        assertEquals("Quit: bye", quit.element().elementText("status"));
    }

    @Test
    void privateMessagesBothWaysWithEscapedAddresses() throws Exception {
        join();
        h.send(TestStanzas.message(ALICE, "bob@" + Harness.GATEWAY, "chat", "psst"));
        assertEquals("PRIVMSG bob :psst", irc.expect("PRIVMSG"));
        h.send(TestStanzas.message(ALICE, ROOM + "/carol", "chat", "via the room"));
        assertEquals("PRIVMSG carol :via the room", irc.expect("PRIVMSG"));
        irc.send(":Bob!b@h PRIVMSG Alice :back at you");
        Stanza in = h.next(Harness.from("bob@" + Harness.GATEWAY));
        assertEquals("chat", in.type());
        assertEquals("alice@example.org", in.element().attributeValue("to"));
        assertEquals("back at you", in.element().elementText("body"));
        irc.send(":x\\5c!b@h PRIVMSG Alice :odd nick");
        assertEquals("odd nick", h.next(Harness.from("x\\5c5c@" + Harness.GATEWAY)).element().elementText("body"));
    }

    @Test
    void awayPingAndLeavingTheLastRoomQuits() throws Exception {
        join();
        Stanza away = TestStanzas.stanza("presence", ALICE, ROOM + "/Alice", null);
        away.element().addElement("show").setText("away");
        away.element().addElement("status").setText("lunch");
        h.send(away);
        assertEquals("AWAY :lunch", irc.expect("AWAY"));
        irc.send("PING :fake.server");
        assertEquals("PONG fake.server", irc.expect("PONG"));
        h.presence(ALICE, ROOM + "/Alice", "unavailable");
        Stanza self = h.next(Harness.from(ROOM + "/Alice"));
        assertEquals("unavailable", self.type());
        assertTrue(Harness.codes(self).contains("110"));
        assertEquals("PART #test", irc.expect("PART"));
        assertTrue(irc.expect("QUIT").startsWith("QUIT :"), "the user's last use of the gateway ended");
    }

    @Test
    void aTakenNickIsAConflictOnTheJoin() throws Exception {
        irc.taken.add("Alice");
        h.register(ALICE, "Alice");
        h.presence(ALICE, ROOM + "/Alice", null);
        Stanza error = h.next(s -> "error".equals(s.type()));
        assertEquals("conflict", TestStanzas.condition(error));
        assertEquals(ROOM + "/Alice", error.element().attributeValue("from"));
    }

    @Test
    void anUnreachableServerIsRemoteServerNotFound() throws Exception {
        irc.close();
        try (Harness down = new Harness(irc.port())) {
            down.register(ALICE, "Alice");
            down.presence(ALICE, Harness.GATEWAY, null);
            assertEquals("remote-server-not-found", TestStanzas.condition(down.next(s -> "error".equals(s.type()))));
            down.presence(ALICE, ROOM + "/Alice", null);
            assertEquals("remote-server-not-found", TestStanzas.condition(down.next(s -> "error".equals(s.type()))),
                    "a failed session does not stick: the next presence tries again");
        }
    }

    @Test
    void gatewayPresenceLogsInAndShutdownTellsOccupants() throws Exception {
        join();
        h.presence(ALICE, Harness.GATEWAY, null);
        assertEquals("available", h.next(Harness.from(Harness.GATEWAY)).type());
        h.sessions.closeAll(Out.SHUTDOWN, "Gateway shutting down");
        assertEquals("QUIT :Gateway shutting down", irc.expect("QUIT"));
        Stanza left = h.next(Harness.from(ROOM + "/Alice"));
        assertEquals("unavailable", left.type());
        assertTrue(Harness.codes(left).containsAll(List.of("110", "332")));
        assertEquals("unavailable", h.next(Harness.from(Harness.GATEWAY)).type());
        assertEquals(0, h.sessions.size());
    }
}
