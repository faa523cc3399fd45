package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamElements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.Jid;

/**
 * Jingle Message Initiation (XEP-0353, urn:xmpp:jingle-message:0) with Smack clients on the packaged server: a call
 * proposal rings on every device of the callee (bare-address delivery and carbons, XEP-0280 §6), the answer from
 * one device reaches the callee's other devices so they stop ringing, and the proposal is in the callee's archive
 * (XEP-0313 with the XEP-0334 {@code <store/>} hint the XEP mandates for every JMI message).
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JingleMessageIT {
    private static final String JMI = "urn:xmpp:jingle-message:0";
    private static final List<String> ACTIONS = List.of("propose", "ringing", "proceed", "accept", "reject",
            "retract", "finish");

    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    /** A chat message with {@code <action xmlns='urn:xmpp:jingle-message:0' id='...'/>} and a store hint. */
    private static void send(XMPPTCPConnection from, Jid to, String action, String callId) throws Exception {
        StandardExtensionElement.Builder jmi = StandardExtensionElement.builder(action, JMI)
                .addAttribute("id", callId);
        if ("propose".equals(action)) {
            jmi.addElement(StandardExtensionElement.builder("description", "urn:xmpp:jingle:apps:rtp:1")
                    .addAttribute("media", "audio").build());
        }
        Message m = from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat)
                .addExtension(jmi.build())
                .addExtension(StandardExtensionElement.builder("store", "urn:xmpp:hints").build())
                .build();
        from.sendStanza(m);
    }

    /** The JMI action of a message ("propose", "proceed", ...) and its call id, or {@code null}. */
    private static String action(Message m) {
        for (String name : ACTIONS) {
            XmlElement e = m.getExtensionElement(name, JMI);
            if (e instanceof StandardExtensionElement jmi) {
                return name + ":" + jmi.getAttributeValue("id");
            }
        }
        return null;
    }

    /** JMI messages a connection gets directly: not carbons, not MAM results. */
    private static BlockingQueue<String> direct(XMPPTCPConnection c) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> q.add(action((Message) s)), s -> s instanceof Message
                && !s.hasExtension(CarbonExtension.NAMESPACE) && !s.hasExtension("urn:xmpp:mam:2")
                && action((Message) s) != null);
        return q;
    }

    /** JMI messages a connection gets as carbons: "sent:proceed:id" or "received:...". */
    private static BlockingQueue<String> carbons(XMPPTCPConnection c) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        CarbonManager.getInstanceFor(c).addCarbonCopyReceivedListener((direction, copy, wrapper) -> {
            String a = action(copy);
            if (a != null) {
                q.add(direction + ":" + a);
            }
        });
        return q;
    }

    private static String poll(BlockingQueue<String> q, String what) throws InterruptedException {
        String s = q.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no " + what + " within " + Clients.TIMEOUT_MILLIS + " ms");
        }
        return s;
    }

    @Test
    @Tag("XEP-0353-3")
    @DisplayName("XEP-0353 §3, XEP-0280 §6: a proposal rings on both devices, the answer of one reaches the other,"
            + " and the proposal is in the callee's archive")
    void aCallRingsOnEveryDeviceAndStopsWhenOneAnswers() throws Exception {
        Clients.Account callee = clients.register();
        XMPPTCPConnection phone = clients.login(callee, "phone");
        XMPPTCPConnection desk = clients.login(callee, "desk");
        XMPPTCPConnection caller = clients.newUser();
        CarbonManager.getInstanceFor(phone).enableCarbons();
        CarbonManager.getInstanceFor(desk).enableCarbons();
        BlockingQueue<String> phoneDirect = direct(phone);
        BlockingQueue<String> deskDirect = direct(desk);
        BlockingQueue<String> deskCarbons = carbons(desk);
        BlockingQueue<String> phoneCarbons = carbons(phone);
        BlockingQueue<String> callerDirect = direct(caller);
        String call = UUID.randomUUID().toString();

        // §3.1: the initiator proposes to the responder's bare JID; every available resource rings.
        send(caller, callee.jid(), "propose", call);
        assertEquals("propose:" + call, poll(phoneDirect, "propose at the phone"));
        assertEquals("propose:" + call, poll(deskDirect, "propose at the desk"));

        // Current XEP-0353 (0.6+, urn:xmpp:jingle-message:0): the answering device sends <proceed/> to the
        // initiator's full JID; the responder's other devices learn it through a <sent/> carbon and stop ringing.
        send(phone, caller.getUser(), "proceed", call);
        assertEquals("proceed:" + call, poll(callerDirect, "proceed at the caller"));
        assertEquals("sent:proceed:" + call, poll(deskCarbons, "sent carbon of the proceed at the desk"));
        assertNull(phoneCarbons.poll(300, TimeUnit.MILLISECONDS), "the answering device gets no copy of its own");

        // XEP-0353 up to 0.3 (still sent by clients for compatibility): <accept/> to the responder's own bare JID
        // reaches its other devices.
        send(phone, callee.jid(), "accept", call);
        String atDesk = deskDirect.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (atDesk == null) {
            atDesk = poll(deskCarbons, "accept at the desk");
        }
        assertTrue(atDesk.endsWith("accept:" + call), "the desk learns of the accept: " + atDesk);

        // XEP-0313 §5 with the <store/> hint: the bodiless proposal is in the callee's archive.
        MamManager mam = MamManager.getInstanceFor(desk);
        assertTrue(mam.isSupported());
        MamManager.MamQuery page = mam.queryArchive(MamManager.MamQueryArgs.builder()
                .limitResultsToJid(caller.getUser().asEntityBareJid()).setResultPageSizeTo(20).build());
        List<String> archived = new ArrayList<>();
        for (MamElements.MamResultExtension r : page.getMamResultExtensions()) {
            archived.add(action((Message) r.getForwarded().getForwardedStanza()));
        }
        assertNotNull(archived);
        assertEquals(List.of("propose:" + call, "proceed:" + call), archived,
                "the proposal received and the proceed sent, in order");
    }
}
