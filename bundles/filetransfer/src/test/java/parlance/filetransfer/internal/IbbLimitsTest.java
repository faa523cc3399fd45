package parlance.filetransfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.router.internal.RouterFixture;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/**
 * In-band bytestream limits (XEP-0047) through the real router and session table: block-size and bytestream count
 * at {@code <open/>}, the per-sender byte rate on {@code <data/>} in IQs and messages, and what is forgotten when.
 */
class IbbLimitsTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private RouterFixture server;
    private IbbLimits limits;
    private FakeSession alice;
    private FakeSession alicePhone;
    private FakeSession bob;
    private FakeSession carol;
    private int seq;

    @BeforeEach
    void setUp() throws Exception {
        server = new RouterFixture(TestStanzas.server(), RouterFixture.routerConfig(1, 10));
        limits = new IbbLimits(now::get);
        // 1000 bytes per second, a burst of 4096, blocks up to 4096, two bytestreams per user, 60 s idle
        limits.configure(new IbbLimits.Settings(1000, 4096, 4096, 2, 60 * SECOND));
        server.sessions.addListener(limits);
        server.addStanzaHandler(new IbbOutbound(limits), StanzaHandler.KIND, new String[] {"iq", "message"},
                IqHandler.TARGET, StanzaHandler.TARGET_OUTBOUND);
        server.addStanzaHandler(new IbbOwnAccount(limits), StanzaHandler.KIND, "iq",
                IqHandler.TARGET, IqHandler.TARGET_ACCOUNT);
        alice = server.login("alice@example.org/desk", 0);
        alicePhone = server.login("alice@example.org/phone", 0);
        bob = server.login("bob@example.org/laptop", 0);
        carol = server.login("carol@example.org/tablet", 0);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Stanza ibb(FakeSession from, FakeSession to, String element, String sid) {
        Stanza iq = TestStanzas.iq(from.jid.toString(), to.jid.toString(), "set", IbbLimits.NAMESPACE, element);
        iq.payload().addAttribute("sid", sid);
        return iq;
    }

    private Stanza open(FakeSession from, FakeSession to, String sid, int blockSize) {
        Stanza iq = ibb(from, to, "open", sid);
        iq.payload().addAttribute("block-size", Integer.toString(blockSize));
        server.send(from, iq);
        return iq;
    }

    private Stanza data(FakeSession from, FakeSession to, String sid, int bytes) {
        Stanza iq = ibb(from, to, "data", sid);
        iq.payload().addAttribute("seq", Integer.toString(seq++));
        iq.payload().setText(Base64.getMimeEncoder().encodeToString(new byte[bytes]));
        server.send(from, iq);
        return iq;
    }

    private void close(FakeSession from, FakeSession to, String sid) {
        server.send(from, ibb(from, to, "close", sid));
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
        server.send(bob, refusal);
        assertTrue(got(alice, refusal), "the refusal reaches the initiator");
        assertEquals(0, limits.openStreams(alice.jid.bare()));

        open(alice, bob, "s2", 4096);
        open(alice, carol, "s3", 4096);
        assertEquals(2, limits.openStreams(alice.jid.bare()));
        server.sessions.unregister(alice);
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
        server.send(alice, message);
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
        server.send(alice, ping);
        assertTrue(got(bob, ping));
        Stanza ack = TestStanzas.stanza("iq", bob.jid.toString(), alice.jid.toString(), "result");
        server.send(bob, ack);
        assertTrue(got(alice, ack));
        Stanza chat = TestStanzas.message(alice.jid.toString(), bob.jid.toString(), "chat", "hi");
        server.send(alice, chat);
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
