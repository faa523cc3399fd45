package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.bosh.BOSHConfiguration;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** XMPP over BOSH (XEP-0124, XEP-0206) at /http-bind, sharing sessions and routing with TCP. */
@ExtendWith(SharedServer.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoshIT {
    private final Clients clients = new Clients();
    private final List<XMPPBOSHConnection> boshClients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        for (XMPPBOSHConnection c : boshClients) {
            c.disconnect();
        }
        clients.close();
    }

    private static int httpPort() {
        return SharedServer.get().port("http.port");
    }

    @Test
    @Tag("XEP-0206-5")
    @DisplayName("XEP-0206: a BOSH client logs in and exchanges messages with a TCP client")
    void boshAndTcpClientsExchangeMessages() throws Exception {
        Clients.Account alice = clients.register();
        // a host name: Smack 4.5.0-beta5 turns an IP literal into "http:///127.0.0.1..." (InetAddress.toString)
        BOSHConfiguration config = BOSHConfiguration.builder().setUseHttps(false).setHost("localhost")
                .setPort(httpPort()).setFile("/http-bind").setXmppDomain(SharedServer.DOMAIN)
                .setUsernameAndPassword(alice.username, alice.password).setResource("bosh")
                .setSecurityMode(SecurityMode.disabled).build();
        XMPPBOSHConnection bosh = new XMPPBOSHConnection(config);
        bosh.setReplyTimeout(Clients.TIMEOUT_MILLIS);
        boshClients.add(bosh);
        bosh.connect();
        bosh.login();
        assertEquals(alice.username + "@" + SharedServer.DOMAIN + "/bosh", bosh.getUser().toString());
        BlockingQueue<Message> boshInbox = new LinkedBlockingQueue<>();
        bosh.addSyncStanzaListener(s -> boshInbox.add((Message) s), s -> s instanceof Message);

        XMPPTCPConnection tcp = clients.newUser();
        BlockingQueue<Message> tcpInbox = Clients.inbox(tcp);
        String toBosh = "to BOSH " + UUID.randomUUID();
        tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(bosh.getUser()).setBody(toBosh).build());
        Message m = Clients.poll(boshInbox, "message over BOSH");
        assertEquals(toBosh, m.getBody());

        String toTcp = "from BOSH " + UUID.randomUUID();
        bosh.sendStanza(bosh.getStanzaFactory().buildMessageStanza().to(tcp.getUser()).setBody(toTcp).build());
        Message back = Clients.poll(tcpInbox, "message from the BOSH client");
        assertEquals(toTcp, back.getBody());
        assertEquals(bosh.getUser(), back.getFrom(), "from stamped with the BOSH session's full JID");
    }

    @Test
    @Tag("XEP-0124-17")
    @DisplayName("XEP-0124 §17.2: an unknown sid is answered with a terminating item-not-found body")
    void unknownSessionIsItemNotFound() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort() + "/http-bind")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("<body xmlns='http://jabber.org/protocol/httpbind' "
                        + "rid='1' sid='no-such-session'/>")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("type='terminate'") && r.body().contains("item-not-found"), r.body());
    }

    @Test
    @Tag("XEP-0124-16")
    @DisplayName("CORS: a browser page of another origin may POST text/xml bodies (preflight answered, cors.origins=*)")
    void corsPreflightAllowsBrowserPages() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort() + "/http-bind")).timeout(Duration.ofSeconds(5))
                .header("Origin", "http://chat.example.test")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()
                .contains("content-type"));
    }

    @Test
    @Tag("XEP-0124-11")
    @DisplayName("XEP-0124 §11: a body larger than max.body.size is refused with 413 and policy-violation")
    void oversizedBodyIsRefused() throws Exception {
        String big = "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' sid='x'>"
                + "<message xmlns='jabber:client'><body>" + "x".repeat(2_000_000) + "</body></message></body>";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort() + "/http-bind")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
        assertTrue(r.body().contains("policy-violation"), r.body());
    }

    @Test
    @Tag("RFC6455-10.2")
    @DisplayName("cors.origins: BOSH and WebSocket serve only the configured browser origins")
    void restrictedOriginsAreRefused() throws Exception {
        String allowed = "http://chat.example.test";
        try (ServerProcess server = ServerProcess.start(Distribution.freshDir("origins-cwd"),
                Distribution.freshDir("origins-home"), "parlance.bosh.cors.origins=" + allowed,
                "parlance.websocket.cors.origins=" + allowed)) {
            server.awaitLine("Parlance ready", 60_000);
            URI bosh = URI.create("http://127.0.0.1:" + server.port("http.port") + "/http-bind");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(bosh).timeout(Duration.ofSeconds(5))
                    .header("Origin", allowed).header("Access-Control-Request-Method", "POST")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals(allowed, ok.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals("Origin", ok.headers().firstValue("Vary").orElse(null));
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(bosh).timeout(Duration.ofSeconds(5))
                    .header("Origin", "http://evil.example.test").header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofString("<body xmlns='http://jabber.org/protocol/httpbind' "
                            + "rid='1' to='localhost' wait='5' hold='1'/>")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, other.statusCode());
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            assertEquals(403, webSocketHandshake(server.port("http.port"), "http://evil.example.test"));
            assertEquals(101, webSocketHandshake(server.port("http.port"), allowed));
        }
    }

    /** The status code of an RFC 6455 opening handshake for /xmpp-websocket sent with this Origin. */
    private static int webSocketHandshake(int port, String origin) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            String req = "GET /xmpp-websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: xmpp\r\nOrigin: " + origin + "\r\n\r\n";
            s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
