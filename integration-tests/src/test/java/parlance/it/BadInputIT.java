package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile and broken input on raw sockets (RFC 6120 §4.9 stream errors, §11 restricted XML, §13.12 denial of
 * service): each test checks what the offending connection gets, then that everybody else keeps working (a fresh
 * pair of Smack users logs in and exchanges a message).
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputIT {
    private static final long CLOSE_MILLIS = 5000;
    private final Clients clients = new Clients();

    @AfterEach
    void everyoneElseKeepsWorking() throws Exception {
        try {
            clients.assertServerServes();
        } finally {
            clients.close();
        }
    }

    private static void assertStreamError(RawClient raw, String condition) throws IOException {
        String text = raw.readUntil("</stream:stream>", CLOSE_MILLIS);
        assertTrue(text.contains("<" + condition), "expected stream error " + condition + ", got: " + text);
        assertTrue(text.contains("urn:ietf:params:xml:ns:xmpp-streams"), text);
        assertTrue(raw.readToEnd(CLOSE_MILLIS), "the server did not close the socket after " + condition);
    }

    @Test
    @Tag("RFC6120-4.9.3.13")
    @DisplayName("RFC 6120 §4.9.3.13: malformed XML ends the stream with not-well-formed and closes the socket")
    void malformedXml() throws Exception {
        try (RawClient raw = RawClient.connect()) {
            raw.open();
            raw.send("<message to='x@localhost'><body>unclosed</message>");
            assertStreamError(raw, "not-well-formed");
        }
    }

    @Test
    @Tag("RFC6120-4.9.3.6")
    @DisplayName("RFC 6120 §4.9.3.6: a stream to a domain the server does not serve gets host-unknown")
    void unknownHost() throws Exception {
        try (RawClient raw = RawClient.connect()) {
            raw.send(RawClient.HEADER.replace("to='" + SharedServer.DOMAIN + "'", "to='elsewhere.example'"));
            assertStreamError(raw, "host-unknown");
        }
    }

    @Test
    @Tag("RFC6120-4.9.3.10")
    @DisplayName("RFC 6120 §4.9.3.10: a stream header in the wrong namespace gets invalid-namespace")
    void wrongStreamNamespace() throws Exception {
        try (RawClient raw = RawClient.connect()) {
            raw.send(RawClient.HEADER.replace("http://etherx.jabber.org/streams", "urn:example:not-streams"));
            assertStreamError(raw, "invalid-namespace");
        }
    }

    @Test
    @Tag("RFC6120-11.6")
    @DisplayName("RFC 6120 §11.6: bytes that are not UTF-8 end the stream with a stream error")
    void invalidUtf8() throws Exception {
        try (RawClient raw = RawClient.connect()) {
            raw.open();
            raw.send("<message to='x@localhost'><body>");
            raw.socket().getOutputStream().write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
            raw.send("</body></message>");
            String text = raw.readUntil("</stream:stream>", CLOSE_MILLIS);
            assertTrue(text.contains("<not-well-formed") || text.contains("<bad-format")
                    || text.contains("<unsupported-encoding"), "no fitting stream error: " + text);
            assertTrue(raw.readToEnd(CLOSE_MILLIS), "the server did not close the socket");
        }
    }

    @Test
    @Tag("RFC6120-11.1")
    @DisplayName("RFC 6120 §11.1: a DTD with an entity declaration gets restricted-xml")
    void doctypeIsRestricted() throws Exception {
        try (RawClient raw = RawClient.connect()) {
            raw.send("<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY boom 'boom'>]>"
                    + RawClient.HEADER.substring("<?xml version='1.0'?>".length()));
            assertStreamError(raw, "restricted-xml");
        }
    }

    @Test
    @Tag("RFC6120-11.1")
    @DisplayName("RFC 6120 §11.1: a processing instruction inside the stream gets restricted-xml")
    void processingInstructionIsRestricted() throws Exception {
        try (RawClient raw = RawClient.connect()) {
            raw.open();
            raw.send("<?evil stuff?>");
            assertStreamError(raw, "restricted-xml");
        }
    }

    @Test
    @Tag("RFC6120-13.12")
    @DisplayName("RFC 6120 §13.12: a 10 MB stanza from a logged-in client ends its stream with policy-violation")
    void hugeStanza() throws Exception {
        Clients.Account sender = clients.register();
        XMPPTCPConnection bob = clients.newUser();
        try (RawClient raw = RawClient.loggedIn(sender, "127.0.0.5")) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = raw.socket().getOutputStream();
                    out.write(("<message to='" + bob.getUser() + "'><body>").getBytes(StandardCharsets.UTF_8));
                    byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < 160; i++) { // 10 MB
                        out.write(chunk);
                    }
                    out.flush();
                } catch (IOException expected) {
                    // the server closed on us
                }
            }, "huge-stanza-writer");
            writer.setDaemon(true);
            writer.start();
            assertStreamError(raw, "policy-violation");
            writer.join(CLOSE_MILLIS);
        }
        assertTrue(PingManager.getInstanceFor(bob).pingMyServer(false, Clients.TIMEOUT_MILLIS), "the addressee still served");
    }

    @Test
    @Tag("RFC6120-13.12")
    @DisplayName("RFC 6120 §13.12: a stanza nested 20,000 levels deep ends the sender's stream with policy-violation")
    void deeplyNestedStanza() throws Exception {
        Clients.Account sender = clients.register();
        XMPPTCPConnection bob = clients.newUser();
        try (RawClient raw = RawClient.loggedIn(sender, "127.0.0.6")) {
            int depth = 20_000;
            raw.send("<message to='" + bob.getUser() + "' id='deep'><x xmlns='urn:example:deep'>" + "<a>".repeat(depth)
                    + "</a>".repeat(depth) + "</x></message>");
            assertStreamError(raw, "policy-violation");
        }
        assertTrue(bob.isConnected(), "the addressee was disconnected");
        assertTrue(PingManager.getInstanceFor(bob).pingMyServer(false, Clients.TIMEOUT_MILLIS), "the addressee still served");
    }

    @Test
    @Tag("RFC6120-4.9.3.12")
    @DisplayName("RFC 6120 §4.9.3.12: a stanza before authentication gets not-authorized")
    void stanzaBeforeAuthentication() throws Exception {
        try (RawClient raw = RawClient.connect()) {
            raw.open();
            raw.send("<message to='someone@localhost'><body>let me in</body></message>");
            assertStreamError(raw, "not-authorized");
        }
    }

    @Test
    @Tag("RFC6120-13.12")
    @DisplayName("RFC 6120 §13.12 / §6.5.13: repeated wrong passwords from one address are throttled, others log in")
    void passwordGuessingIsThrottled() throws Exception {
        Clients.Account victim = clients.register();
        String attacker = "127.0.0.2";
        String last = null;
        for (int i = 0; i < 15 && !"temporary-auth-failure".equals(last); i++) {
            SASLErrorException e = assertThrows(SASLErrorException.class, () -> clients.login(victim.withPassword("guess"),
                    null, b -> b.setSocketFactory(Clients.fromAddress(attacker))));
            last = e.getSASLFailure().getSASLErrorString();
            assertTrue("not-authorized".equals(last) || "temporary-auth-failure".equals(last), last);
        }
        assertEquals("temporary-auth-failure", last, "15 wrong passwords in a row were never throttled");
        SASLErrorException blocked = assertThrows(SASLErrorException.class,
                () -> clients.login(victim, null, b -> b.setSocketFactory(Clients.fromAddress(attacker))));
        assertEquals("temporary-auth-failure", blocked.getSASLFailure().getSASLErrorString(),
                "even the right password is refused from the throttled address");
        XMPPTCPConnection owner = clients.login(victim);
        assertTrue(owner.isAuthenticated(), "the owner, from another address, still logs in");
    }

    @Test
    @Tag("RFC6120-4.4")
    @DisplayName("RFC 6120 §4.4: an authenticated client vanishing mid-stanza does not affect the addressee")
    void clientVanishesMidStanza() throws Exception {
        Clients.Account vanisher = clients.register();
        XMPPTCPConnection bob = clients.newUser();
        try (RawClient raw = RawClient.connect("c2s.port", "127.0.0.4")) {
            raw.startTls();
            assertTrue(raw.plain(vanisher.username, vanisher.password).contains("<success"));
            raw.open();
            raw.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            assertTrue(raw.readUntil("</iq>", 5000).contains("<jid>"), raw.received());
            raw.send("<message to='" + bob.getUser() + "'><body>half of a mess");
            raw.socket().setSoLinger(true, 0); // reset, no closing handshake
        }
        assertTrue(PingManager.getInstanceFor(bob).pingMyServer(false, Clients.TIMEOUT_MILLIS), "bob still served");
    }

    @Test
    @Tag("RFC6120-13.12")
    @DisplayName("RFC 6120 §13.12: 200 connections from one address are all served while a normal login works")
    void manyConnectionsFromOneAddress() throws Exception {
        List<RawClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                RawClient raw = RawClient.connect("c2s.port", "127.0.0.3");
                open.add(raw);
                raw.send(RawClient.HEADER);
            }
            int served = 0;
            for (RawClient raw : open) {
                if (raw.readUntil("</stream:features>", 5000).contains("<starttls")) {
                    served++;
                }
            }
            assertEquals(200, served, "connections that got stream features");
            XMPPTCPConnection c = clients.newUser();
            assertTrue(PingManager.getInstanceFor(c).pingMyServer(false, Clients.TIMEOUT_MILLIS));
        } finally {
            open.forEach(RawClient::close);
        }
    }
}
