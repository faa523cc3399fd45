package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.jingle.element.Jingle;
import org.jivesoftware.smackx.jingle.element.JingleAction;
import org.jivesoftware.smackx.jingle.element.JingleContent;
import org.jivesoftware.smackx.jingle.element.JingleError;
import org.jivesoftware.smackx.jingle.element.JingleReason;
import org.jivesoftware.smackx.jingle.element.UnknownJingleContentDescription;
import org.jivesoftware.smackx.jingle.element.UnknownJingleContentTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.FullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A Jingle RTP session (XEP-0166 Jingle, XEP-0167 RTP audio, XEP-0176 ICE-UDP) negotiated by two Smack clients
 * through the packaged server: every IQ reaches the peer's full JID with its elements intact and every
 * acknowledgement and error flows back; IQs to a resource that is not there, or to an account without resources,
 * are answered {@code service-unavailable} by the server (RFC 6121 §8.5.3.2.3, §8.5.2.2.3 with RFC 6120 §8.4).
 * The call set-up by messages (XEP-0353) is {@link JingleMessageIT}'s.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JingleSessionIT {
    private static final String RTP = "urn:xmpp:jingle:apps:rtp:1";
    private static final String ICE = "urn:xmpp:jingle:transports:ice-udp:1";

    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    /**
     * One side of a call: answers every Jingle set with an empty result (XEP-0166 §7.2 acknowledgement) and keeps it,
     * except on a terminated session, which gets {@code item-not-found} with {@code <unknown-session/>} (§7.2).
     */
    private static final class Peer extends AbstractIqRequestHandler {
        final BlockingQueue<Jingle> received = new LinkedBlockingQueue<>();
        final Set<String> terminated = ConcurrentHashMap.newKeySet();

        Peer(XMPPTCPConnection c) {
            super(Jingle.ELEMENT, Jingle.NAMESPACE, IQ.Type.set, IQRequestHandler.Mode.sync);
            c.registerIQRequestHandler(this);
        }

        @Override
        public IQ handleIQRequest(IQ request) {
            Jingle jingle = (Jingle) request;
            if (terminated.contains(jingle.getSid())) {
                return IQ.createErrorResponse(request, StanzaError.getBuilder(StanzaError.Condition.item_not_found)
                        .addExtension(JingleError.UNKNOWN_SESSION).build());
            }
            if (jingle.getAction() == JingleAction.session_terminate) {
                terminated.add(jingle.getSid());
            }
            received.add(jingle);
            return IQ.createResultIQ(request);
        }

        Jingle next(JingleAction action) throws InterruptedException {
            Jingle j = received.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            assertNotNull(j, "no " + action + " within " + Clients.TIMEOUT_MILLIS + " ms");
            assertEquals(action, j.getAction(), j.toXML().toString());
            return j;
        }
    }

    /** XEP-0167 §4: an audio description offering Opus (111) and PCMU (0). */
    private static UnknownJingleContentDescription audio() {
        return new UnknownJingleContentDescription(StandardExtensionElement.builder("description", RTP)
                .addAttribute("media", "audio")
                .addElement(StandardExtensionElement.builder("payload-type", RTP).addAttribute("id", "111")
                        .addAttribute("name", "opus").addAttribute("clockrate", "48000")
                        .addAttribute("channels", "2").build())
                .addElement(StandardExtensionElement.builder("payload-type", RTP).addAttribute("id", "0")
                        .addAttribute("name", "PCMU").addAttribute("clockrate", "8000").build())
                .build());
    }

    /** XEP-0176 §5: an ICE-UDP transport with credentials and, if given, one host candidate. */
    private static UnknownJingleContentTransport ice(String ufrag, String pwd, String candidateId, int port) {
        StandardExtensionElement.Builder t = StandardExtensionElement.builder("transport", ICE)
                .addAttribute("ufrag", ufrag).addAttribute("pwd", pwd);
        if (candidateId != null) {
            t.addElement(StandardExtensionElement.builder("candidate", ICE).addAttribute("component", "1")
                    .addAttribute("foundation", "1").addAttribute("generation", "0").addAttribute("id", candidateId)
                    .addAttribute("ip", "192.0.2.10").addAttribute("network", "0").addAttribute("port",
                            Integer.toString(port)).addAttribute("priority", "2130706431")
                    .addAttribute("protocol", "udp").addAttribute("type", "host").build());
        }
        return new UnknownJingleContentTransport(t.build());
    }

    private static JingleContent content(UnknownJingleContentDescription description,
            UnknownJingleContentTransport transport) {
        JingleContent.Builder b = JingleContent.getBuilder().setCreator(JingleContent.Creator.initiator)
                .setName("voice").setSenders(JingleContent.Senders.both).setTransport(transport);
        if (description != null) {
            b.setDescription(description);
        }
        return b.build();
    }

    private static Jingle jingle(XMPPTCPConnection from, Jid to, JingleAction action, String sid,
            JingleContent content) {
        Jingle.Builder b = Jingle.builder(from).to(to).ofType(IQ.Type.set).setAction(action).setSessionId(sid);
        if (action == JingleAction.session_initiate) {
            b.setInitiator(from.getUser());
        } else if (action == JingleAction.session_accept) {
            b.setResponder(from.getUser());
        }
        if (content != null) {
            b.addJingleContent(content);
        }
        if (action == JingleAction.session_terminate) {
            b.setReason(JingleReason.Reason.success);
        }
        return b.build();
    }

    /** The description or transport of a received content as parsed by Smack (namespaces it has no provider for). */
    private static StandardExtensionElement description(Jingle j) {
        return ((UnknownJingleContentDescription) j.getSoleContentOrThrow().getDescription())
                .getStandardExtensionElement();
    }

    private static StandardExtensionElement transport(Jingle j) {
        return ((UnknownJingleContentTransport) j.getSoleContentOrThrow().getTransport())
                .getStandardExtensionElement();
    }

    private static void assertCandidate(StandardExtensionElement transport, String id, String port) {
        StandardExtensionElement c = transport.getFirstElement("candidate", ICE);
        assertNotNull(c, transport.toXML().toString());
        Map<String, String> expected = Map.of("component", "1", "foundation", "1", "generation", "0", "id", id,
                "ip", "192.0.2.10", "network", "0", "port", port, "priority", "2130706431", "protocol", "udp",
                "type", "host");
        assertEquals(expected, c.getAttributes(), "every candidate attribute arrives as sent");
    }

    @Test
    @Tag("XEP-0166-7.2")
    @DisplayName("XEP-0166/0167/0176: initiate, accept, transport-info and terminate reach the peer intact and are"
            + " acknowledged; a late IQ gets the peer's unknown-session error")
    void anAudioSessionIsNegotiatedThroughTheServer() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        XMPPTCPConnection b = clients.login(clients.register(), "phone");
        Peer atA = new Peer(a);
        Peer atB = new Peer(b);
        String sid = "sid-" + UUID.randomUUID();
        FullJid aJid = a.getUser();
        FullJid bJid = b.getUser();

        // §6.2 / §7.2: session-initiate to the responder's full JID, acknowledged with an empty result
        IQ ack = a.sendIqRequestAndWaitForResponse(jingle(a, bJid, JingleAction.session_initiate, sid,
                content(audio(), ice("8hhy", "asd88fgpdd777uzjYhagZg", "el0747fg11", 10000))));
        assertEquals(IQ.Type.result, ack.getType());
        assertEquals(bJid, ack.getFrom(), "the acknowledgement comes from the responder");
        Jingle initiate = atB.next(JingleAction.session_initiate);
        assertEquals(sid, initiate.getSid());
        assertEquals(aJid, initiate.getFrom(), "the server stamps the initiator's full JID");
        assertEquals(aJid, initiate.getInitiator());
        JingleContent content = initiate.getSoleContentOrThrow();
        assertEquals("voice", content.getName());
        assertEquals(JingleContent.Creator.initiator, content.getCreator());
        assertEquals(JingleContent.Senders.both, content.getSenders());
        StandardExtensionElement offered = description(initiate);
        assertEquals("audio", offered.getAttributeValue("media"));
        assertEquals(List.of("111:opus:48000:2", "0:PCMU:8000:null"), offered.getElements("payload-type", RTP)
                .stream().map(p -> p.getAttributeValue("id") + ":" + p.getAttributeValue("name") + ":"
                        + p.getAttributeValue("clockrate") + ":" + p.getAttributeValue("channels"))
                .collect(Collectors.toList()), "payload types in order, with their parameters");
        StandardExtensionElement offeredIce = transport(initiate);
        assertEquals("8hhy", offeredIce.getAttributeValue("ufrag"));
        assertEquals("asd88fgpdd777uzjYhagZg", offeredIce.getAttributeValue("pwd"));
        assertCandidate(offeredIce, "el0747fg11", "10000");

        // §6.5 / XEP-0167 §6.4: session-accept with the chosen payload type back to the initiator
        UnknownJingleContentDescription chosen = new UnknownJingleContentDescription(StandardExtensionElement
                .builder("description", RTP).addAttribute("media", "audio")
                .addElement(StandardExtensionElement.builder("payload-type", RTP).addAttribute("id", "111")
                        .addAttribute("name", "opus").addAttribute("clockrate", "48000")
                        .addAttribute("channels", "2").build()).build());
        ack = b.sendIqRequestAndWaitForResponse(jingle(b, aJid, JingleAction.session_accept, sid,
                content(chosen, ice("9uB6", "YH75Fviy6338Vbrhrlp8Yh", "y3s2b30v3r", 10002))));
        assertEquals(IQ.Type.result, ack.getType());
        Jingle accept = atA.next(JingleAction.session_accept);
        assertEquals(sid, accept.getSid());
        assertEquals(bJid, accept.getResponder());
        assertEquals(List.of("111"), description(accept).getElements("payload-type", RTP).stream()
                .map(p -> p.getAttributeValue("id")).collect(Collectors.toList()));
        assertCandidate(transport(accept), "y3s2b30v3r", "10002");

        // XEP-0176 §5.2: trickled candidates in transport-info, each way
        a.sendIqRequestAndWaitForResponse(jingle(a, bJid, JingleAction.transport_info, sid,
                content(null, ice("8hhy", "asd88fgpdd777uzjYhagZg", "a9j3mnbtu1", 10004))));
        Jingle infoAtB = atB.next(JingleAction.transport_info);
        assertNull(infoAtB.getSoleContentOrThrow().getDescription(), "transport-info carries no description");
        assertCandidate(transport(infoAtB), "a9j3mnbtu1", "10004");
        b.sendIqRequestAndWaitForResponse(jingle(b, aJid, JingleAction.transport_info, sid,
                content(null, ice("9uB6", "YH75Fviy6338Vbrhrlp8Yh", "b7k2lp0q5z", 10006))));
        assertCandidate(transport(atA.next(JingleAction.transport_info)), "b7k2lp0q5z", "10006");

        // §6.7: session-terminate with <success/>
        ack = a.sendIqRequestAndWaitForResponse(jingle(a, bJid, JingleAction.session_terminate, sid, null));
        assertEquals(IQ.Type.result, ack.getType());
        Jingle terminate = atB.next(JingleAction.session_terminate);
        assertEquals(sid, terminate.getSid());
        assertEquals(JingleReason.Reason.success, terminate.getReason().asEnum());

        // §7.2: an IQ on the ended session: the peer's error, with its Jingle condition, reaches the sender intact
        XMPPErrorException late = assertThrows(XMPPErrorException.class, () -> a.sendIqRequestAndWaitForResponse(
                jingle(a, bJid, JingleAction.transport_info, sid,
                        content(null, ice("8hhy", "asd88fgpdd777uzjYhagZg", "late000001", 10008)))));
        assertEquals(StanzaError.Condition.item_not_found, late.getStanzaError().getCondition());
        assertNotNull(late.getStanzaError().getExtension("unknown-session", JingleError.NAMESPACE),
                late.getStanzaError().toXML().toString());
        assertTrue(atB.received.isEmpty(), "nothing else reached the responder");
    }

    @Test
    @Tag("RFC6121-8.5.3.2.3")
    @DisplayName("RFC 6121 §8.5.3.2.3: session-initiate to a resource that is offline or unknown:"
            + " service-unavailable")
    void aSessionInitiateToAMissingResourceIsServiceUnavailable() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        Clients.Account bAccount = clients.register();
        XMPPTCPConnection b = clients.login(bAccount, "phone");
        FullJid left = b.getUser();
        Peer atB = new Peer(clients.login(bAccount, "desk"));
        b.disconnect(); // waits for the server's closing stream tag: the session is gone

        for (Jid to : List.of(left, JidCreate.fullFrom(bAccount.jid() + "/never-bound"),
                JidCreate.fullFrom("nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@"
                        + SharedServer.DOMAIN + "/x"))) {
            XMPPErrorException e = assertThrows(XMPPErrorException.class, () -> a.sendIqRequestAndWaitForResponse(
                    jingle(a, to, JingleAction.session_initiate, "sid-" + UUID.randomUUID(),
                            content(audio(), ice("8hhy", "asd88fgpdd777uzjYhagZg", "el0747fg11", 10000)))),
                    "to " + to);
            assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition(), "to " + to);
            assertEquals(StanzaError.Type.CANCEL, e.getStanzaError().getType());
        }
        assertTrue(atB.received.isEmpty(), "another resource of the account is never offered the IQ");
    }

    @Test
    @Tag("RFC6121-8.5.2.2.3")
    @DisplayName("RFC 6121 §8.5.2.2.3, RFC 6120 §8.4: session-initiate to a bare JID without resources:"
            + " service-unavailable")
    void aSessionInitiateToABareJidWithoutResourcesIsServiceUnavailable() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        Clients.Account offline = clients.register();
        XMPPErrorException e = assertThrows(XMPPErrorException.class, () -> a.sendIqRequestAndWaitForResponse(
                jingle(a, offline.jid(), JingleAction.session_initiate, "sid-" + UUID.randomUUID(),
                        content(audio(), ice("8hhy", "asd88fgpdd777uzjYhagZg", "el0747fg11", 10000)))));
        assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition());
        assertEquals(StanzaError.Type.CANCEL, e.getStanzaError().getType());
    }
}
