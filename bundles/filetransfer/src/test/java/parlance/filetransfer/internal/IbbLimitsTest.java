package parlance.filetransfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.router.internal.RouterConfig;
import parlance.router.internal.SessionTable;
import parlance.router.internal.SessionsConfig;
import parlance.router.internal.StanzaRouter;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/**
 * In-band bytestream limits (XEP-0047) through the real router and session table: block-size and bytestream count
 * at {@code <open/>}, the per-sender byte rate on {@code <data/>} in IQs and messages, and what is forgotten when.
 */
class IbbLimitsTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final SessionTable sessions = new SessionTable();
    private StanzaRouter router;
    private IbbLimits limits;
    private FakeSession alice;
    private FakeSession alicePhone;
    private FakeSession bob;
    private FakeSession carol;
    private long ids;
    private int seq;

    @BeforeEach
    void setUp() throws Exception {
        sessions.configure(new SessionsConfig() {
            public Class<? extends Annotation> annotationType() {
                return SessionsConfig.class;
            }

            public int max_resources() {
                return 10;
            }

            public String conflict() {
                return "kick_old";
            }
        });
        router = new StanzaRouter(sessions, TestStanzas.server(), new RouterConfig() {
            public Class<? extends Annotation> annotationType() {
                return RouterConfig.class;
            }

            public int handler_threads() {
                return 1;
            }

            public int handler_queue() {
                return 10;
            }
        });
        limits = new IbbLimits(now::get);
        // 1000 bytes per second, a burst of 4096, blocks up to 4096, two bytestreams per user, 60 s idle
        limits.configure(new IbbLimits.Settings(1000, 4096, 4096, 2, 60 * SECOND));
        sessions.addListener(limits);
        router.addStanzaHandler(new IbbOutbound(limits), props(StanzaHandler.KIND, new String[] {"iq", "message"},
                IqHandler.TARGET, StanzaHandler.TARGET_OUTBOUND));
        router.addStanzaHandler(new IbbOwnAccount(limits), props(StanzaHandler.KIND, "iq",
                IqHandler.TARGET, IqHandler.TARGET_ACCOUNT));
        alice = login("alice@example.org/desk");
        alicePhone = login("alice@example.org/phone");
        bob = login("bob@example.org/laptop");
        carol = login("carol@example.org/tablet");
    }

    @AfterEach
    void tearDown() {
        router.deactivate();
    }

    private FakeSession login(String jid) throws Exception {
        FakeSession s = new FakeSession(jid).available(0);
        sessions.register(s);
        return s;
    }

    private Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.put(Constants.SERVICE_ID, ++ids);
        return m;
    }

    private Stanza ibb(FakeSession from, FakeSession to, String element, String sid) {
        Stanza iq = TestStanzas.iq(from.jid.toString(), to.jid.toString(), "set", IbbLimits.NAMESPACE, element);
        iq.payload().addAttribute("sid", sid);
        return iq;
    }

    private Stanza open(FakeSession from, FakeSession to, String sid, int blockSize) {
        Stanza iq = ibb(from, to, "open", sid);
        iq.payload().addAttribute("block-size", Integer.toString(blockSize));
        router.receive(from, iq);
        return iq;
    }

    private Stanza data(FakeSession from, FakeSession to, String sid, int bytes) {
        Stanza iq = ibb(from, to, "data", sid);
        iq.payload().addAttribute("seq", Integer.toString(seq++));
        iq.payload().setText(Base64.getMimeEncoder().encodeToString(new byte[bytes]));
        router.receive(from, iq);
        return iq;
    }

    private void close(FakeSession from, FakeSession to, String sid) {
        router.receive(from, ibb(from, to, "close", sid));
    }

    /** The reply the sender got to {@code request}, or null. */
    private static Stanza replyTo(FakeSession sender, Stanza request) {
        return sender.delivered.stream().filter(s -> request.id().equals(s.id())).findFirst().orElse(null);
    }

    private static boolean got(FakeSession recipient, Stanza request) {
        return recipient.delivered.stream().anyMatch(s -> request.id().equals(s.id()));
    }

    /** "condition/type" of an error reply, after checking it carries no copy of the request's payload. */
    private static String error(Stanza reply) {
        Element error = reply.element().element("error");
        assertEquals(List.of("error"), reply.element().elements().stream().map(e -> ((Element) e).getName())
                .collect(Collectors.toList()), "the refused payload is not echoed back");
        return TestStanzas.condition(reply) + "/" + error.attributeValue("type");
    }

    @Test
    void anOpenWithTooLargeABlockSizeIsRefusedForASmallerOne() {
        Stanza big = open(alice, bob, "s1", 8192);
        assertEquals("resource-constraint/modify", error(replyTo(alice, big)), "§2.1: the responder's answer");
        assertTrue(bob.delivered.isEmpty(), "the responder never saw it");

        Stanza fits = open(alice, bob, "s1", 4096);
        assertTrue(got(bob, fits), "a block-size within the limit goes through");
        assertNull(replyTo(alice, fits), "answering it is the responder's business");
    }

    @Test
    void aUserMayHaveOnlySoManyBytestreamsOpen() {
        assertTrue(got(bob, open(alice, bob, "s1", 4096)));
        assertTrue(got(carol, open(alicePhone, carol, "s2", 4096)), "the limit is per user, any resource");
        Stanza third = open(alice, carol, "s3", 4096);
        assertEquals("resource-constraint/wait", error(replyTo(alice, third)));
        assertTrue(got(carol, open(bob, carol, "s3", 4096)), "other users have their own count");

        close(bob, alice, "s1"); // §2.3: either party closes
        assertEquals(1, limits.openStreams(alice.jid.bare()));
        assertTrue(got(carol, open(alice, carol, "s4", 4096)), "a closed bytestream frees its place");

        Stanza fifth = open(alice, bob, "s5", 4096);
        assertEquals("resource-constraint/wait", error(replyTo(alice, fifth)), "s2 and s4 are open");
    }

    @Test
    void aRefusedOpenAndAnEndedSessionFreeTheirPlaces() {
        Stanza open = open(alice, bob, "s1", 4096);
        Stanza refusal = Stanzas.error(open, StanzaError.NOT_ACCEPTABLE, null); // bob's answer, §2.1
        router.receive(bob, refusal);
        assertTrue(got(alice, refusal), "the refusal reaches the initiator");
        assertEquals(0, limits.openStreams(alice.jid.bare()));

        open(alice, bob, "s2", 4096);
        open(alice, carol, "s3", 4096);
        assertEquals(2, limits.openStreams(alice.jid.bare()));
        sessions.unregister(alice);
        assertEquals(0, limits.openStreams(alice.jid.bare()), "the bytestreams of a closed session are gone");
    }

    @Test
    void aBytestreamWithoutDataForTheIdleTimeNoLongerCounts() {
        open(alice, bob, "s1", 4096);
        open(alice, bob, "s2", 4096);
        now.addAndGet(50 * SECOND);
        data(alice, bob, "s1", 10);
        now.addAndGet(20 * SECOND); // s2 idle for 70 s, s1 for 20 s
        assertTrue(got(carol, open(alice, carol, "s3", 4096)), "the idle one made room");
        assertEquals(2, limits.openStreams(alice.jid.bare()));
    }

    @Test
    void dataAboveTheSendersRateIsRefusedWithWaitAndNotDelivered() {
        Stanza first = data(alice, bob, "s1", 4096);
        assertTrue(got(bob, first), "the burst passes");
        Stanza second = data(alice, bob, "s1", 1000);
        assertEquals("resource-constraint/wait", error(replyTo(alice, second)), "RFC 6120 §8.3.3.18");
        assertTrue(!got(bob, second), "the refused chunk is dropped, not held");
        assertTrue(got(carol, data(bob, carol, "s9", 4096)), "every sender has its own bucket");

        now.addAndGet(SECOND);
        Stanza later = data(alice, bob, "s1", 1000);
        assertTrue(got(bob, later), "a second later 1000 bytes have come back");
        assertNull(replyTo(alice, later));
    }

    @Test
    void dataInMessagesAndBetweenOwnResourcesCountsToo() {
        assertTrue(got(alicePhone, data(alice, alicePhone, "own", 4096)), "§2.2 to another resource of the account");
        Stanza own = data(alice, alicePhone, "own", 1000);
        assertEquals("resource-constraint/wait", error(replyTo(alice, own)));

        Stanza message = TestStanzas.stanza("message", alice.jid.toString(), bob.jid.toString(), null);
        Element chunk = message.element().addElement(QName.get("data", IbbLimits.NAMESPACE));
        chunk.addAttribute("sid", "m1").addAttribute("seq", "0");
        chunk.setText(Base64.getEncoder().encodeToString(new byte[1000]));
        router.receive(alice, message);
        assertTrue(!got(bob, message), "§4: message-wrapped data shares the bucket");
        Stanza error = replyTo(alice, message);
        assertEquals("message", error.element().getName());
        assertEquals("resource-constraint/wait", error(error));
    }

    @Test
    void aChunkLargerThanTheLargestBlockIsRefused() {
        Stanza chunk = data(alice, bob, "s1", 5000);
        assertEquals("resource-constraint/modify", error(replyTo(alice, chunk)));
        assertTrue(bob.delivered.isEmpty());
    }

    @Test
    void otherStanzasAndResultsPassUntouched() {
        Stanza ping = TestStanzas.iq(alice.jid.toString(), bob.jid.toString(), "get", "urn:xmpp:ping", "ping");
        router.receive(alice, ping);
        assertTrue(got(bob, ping));
        Stanza ack = TestStanzas.stanza("iq", bob.jid.toString(), alice.jid.toString(), "result");
        router.receive(bob, ack);
        assertTrue(got(alice, ack));
        Stanza chat = TestStanzas.message(alice.jid.toString(), bob.jid.toString(), "chat", "hi");
        router.receive(alice, chat);
        assertTrue(got(bob, chat));
    }

    @Test
    void decodedLengthCountsBase64WithoutDecoding() {
        for (int n : new int[] {0, 1, 2, 3, 4, 4096, 4097}) {
            byte[] bytes = new byte[n];
            assertEquals(n, IbbLimits.decodedLength(Base64.getMimeEncoder().encodeToString(bytes)), "padded " + n);
            assertEquals(n, IbbLimits.decodedLength(Base64.getEncoder().withoutPadding().encodeToString(bytes)),
                    "unpadded " + n);
        }
    }
}
