package parlance.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.address.Jid;
import parlance.api.handler.IqHandler;
import parlance.api.handler.MessageInterceptor;
import parlance.api.handler.StanzaHandler;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;

/**
 * {@code Router.route(Broadcast, recipients)}: every recipient's copy meets the handlers and interceptors a routed
 * stanza meets (a blocking guard drops it for the account that blocks the sender, XEP-0191 §3.3), while local
 * sessions that get the copy unchanged are handed the one {@link Broadcast} (one serialisation for all).
 */
class BroadcastRoutingTest {
    private static final String ROOM = "coven@conference.example.org";
    private static final Jid SPEAKER = T.jid(ROOM + "/thirdwitch");

    private RouterFixture fixture;
    private Recorder alice;
    private Recorder bob;
    private Recorder carol;
    private final List<Stanza> remote = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RouterFixture();
        alice = login("alice@example.org/phone");
        bob = login("bob@example.org/desk");
        carol = login("carol@example.org/tablet");
        fixture.router.addRemoteDomains(remote::add, fixture.props());
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Recorder login(String jid) throws Exception {
        Recorder s = new Recorder(T.jid(jid));
        s.setPresence(T.presence(jid, null, null, 0));
        fixture.sessions.register(s);
        return s;
    }

    private static Broadcast groupchat(String body) {
        Element m = T.message(SPEAKER.toString(), null, "groupchat", body).element();
        return Broadcast.of(m, SPEAKER);
    }

    private static List<Jid> jids(String... jids) {
        return java.util.Arrays.stream(jids).map(T::jid).toList();
    }

    /** As XEP-0191 §3.3 blocking does: alice's messages from the room are dropped before delivery. */
    private static final class AliceBlocksTheRoom implements MessageInterceptor {
        final List<Jid> asked = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza message) {
            asked.add(account);
            boolean blocked = account.toString().equals("alice@example.org")
                    && message.from().bare().toString().equals(ROOM);
            return CompletableFuture.completedFuture(blocked ? null : message);
        }
    }

    @Test
    void aBlockingInterceptorKeepsTheMessageFromItsAccountWhileTheOthersShareOneBroadcast() {
        AliceBlocksTheRoom guard = new AliceBlocksTheRoom();
        fixture.addInterceptor(guard);
        Broadcast b = groupchat("Thrice the brinded cat hath mew'd.");

        fixture.router.route(b, jids("alice@example.org/phone", "bob@example.org/desk", "carol@example.org/tablet",
                "dave@elsewhere.net/home"));
        fixture.settle();

        assertTrue(alice.received.isEmpty(), "alice blocks the room: " + alice.received);
        assertEquals(List.of(b), bob.received);
        assertEquals(List.of(b), carol.received);
        assertEquals(3, guard.asked.size(), "each local recipient's copy met the interceptor");
        assertEquals(1, remote.size());
        Stanza out = remote.get(0);
        assertEquals(T.jid("dave@elsewhere.net/home"), out.to());
        assertEquals("dave@elsewhere.net/home", out.element().attributeValue("to"));
        assertEquals("Thrice the brinded cat hath mew'd.", out.element().elementText("body"));
        assertEquals(4, fixture.router.stanzas());
    }

    @Test
    void aMessageStanzaHandlerSeesTheCopiesForABareAddressWhoseSessionsGetItAddressedToTheAccount()
            throws Exception {
        Recorder carolPhone = login("carol@example.org/phone");
        List<Stanza> seen = new CopyOnWriteArrayList<>();
        fixture.addStanzaHandler(ctx -> {
            seen.add(ctx.stanza());
            return ctx.stanza().to().local().equals("bob");
        }, StanzaHandler.KIND, "message", IqHandler.TARGET, IqHandler.TARGET_ACCOUNT);
        Broadcast b = Broadcast.of(T.message("pubsub.example.org", null, "headline", "news").element(),
                T.jid("pubsub.example.org"));

        fixture.router.route(b, jids("bob@example.org", "carol@example.org"));

        assertEquals(2, seen.size());
        assertTrue(bob.received.isEmpty(), "the handler took bob's copy");
        Stanza forCarol = (Stanza) carol.received.get(0);
        assertSame(forCarol, carolPhone.received.get(0));
        assertEquals("carol@example.org", forCarol.element().attributeValue("to"));
    }

    @Test
    void aCopyAnInterceptorReplacedIsDeliveredAsTheNewStanza() {
        fixture.addInterceptor(new MessageInterceptor() {
            @Override
            public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza message) {
                if (!account.local().equals("carol")) {
                    return CompletableFuture.completedFuture(message);
                }
                Element copy = message.element().createCopy();
                copy.addElement("stanza-id", "urn:xmpp:sid:0").addAttribute("by", "carol@example.org");
                return CompletableFuture.completedFuture(Stanza.of(copy, message.from(), message.to()));
            }
        });
        Broadcast b = groupchat("hi");

        fixture.router.route(b, jids("bob@example.org/desk", "carol@example.org/tablet"));

        assertEquals(List.of(b), bob.received);
        Stanza stamped = (Stanza) carol.received.get(0);
        assertEquals("carol@example.org/tablet", stamped.element().attributeValue("to"));
        assertEquals("carol@example.org", stamped.element().element("stanza-id").attributeValue("by"));
        assertNotSame(b.template(), stamped.element());
    }

    @Test
    void presenceMeetsTheAccountHandlersAndWithoutThemGoesStraightToTheSessions() {
        Broadcast first = Broadcast.of(T.presence(SPEAKER.toString(), null, null, 0).element(), SPEAKER);
        fixture.router.route(first, jids("alice@example.org/phone", "bob@example.org/desk"));
        assertEquals(List.of(first), alice.received);
        assertEquals(List.of(first), bob.received);

        fixture.addStanzaHandler(ctx -> ctx.stanza().to().local().equals("alice"),
                StanzaHandler.KIND, "presence", IqHandler.TARGET, IqHandler.TARGET_ACCOUNT);
        Broadcast second = Broadcast.of(T.presence(SPEAKER.toString(), null, "unavailable", 0).element(), SPEAKER);
        fixture.router.route(second, jids("alice@example.org/phone", "bob@example.org/desk"));
        assertEquals(List.of(first), alice.received);
        assertEquals(List.of(first, second), bob.received);
    }

    @Test
    void groupchatToAResourceThatIsGoneIsAnsweredThroughTheRouterAsARoutedCopyWouldBe() {
        List<Stanza> room = new CopyOnWriteArrayList<>();
        fixture.addHostedService("conference.example.org", (stanza, router) -> room.add(stanza));

        fixture.router.route(groupchat("anyone?"), jids("bob@example.org/gone"));

        assertEquals(1, room.size());
        assertEquals("service-unavailable", T.condition(room.get(0)));
        assertEquals("bob@example.org/gone", room.get(0).element().attributeValue("from"));
    }

    /** A session that records what it gets: a {@link Stanza}, or the {@link Broadcast} itself. */
    private static final class Recorder implements ClientSession {
        final Jid jid;
        final List<Object> received = new CopyOnWriteArrayList<>();
        private volatile Stanza presence;

        Recorder(Jid jid) {
            this.jid = jid;
        }

        @Override
        public Jid jid() {
            return jid;
        }

        @Override
        public void deliver(Stanza stanza) {
            received.add(stanza);
        }

        @Override
        public void deliver(Broadcast broadcast) {
            received.add(broadcast);
        }

        @Override
        public void close(StreamError error, String text) {
        }

        @Override
        public Stanza presence() {
            return presence;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public void setPresence(Stanza p) {
            presence = p;
        }

        @Override
        public boolean isInterested() {
            return false;
        }

        @Override
        public void setInterested(boolean interested) {
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }
    }
}
