package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * XMPP over WebSocket (RFC 7395) on the HTTP port of the packaged server, sharing sessions and routing with TCP,
 * and its discovery through XEP-0156 host-meta.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebSocketIT {
    private static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    private final Clients clients = new Clients();
    private final List<ModularXmppClientToServerConnection> webClients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        for (ModularXmppClientToServerConnection c : webClients) {
            c.disconnect();
        }
        clients.close();
    }

    private static int httpPort() {
        return SharedServer.get().port("http.port");
    }

    private static URI endpoint() {
        return URI.create("ws://127.0.0.1:" + httpPort() + "/xmpp-websocket");
    }

    private ModularXmppClientToServerConnection webLogin(Clients.Account a) throws Exception {
        ModularXmppClientToServerConnectionConfiguration.Builder b =
                ModularXmppClientToServerConnectionConfiguration.builder().removeAllModules();
        b.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(b)
                .explicitlySetWebSocketEndpointAndDiscovery(endpoint(), false).build());
        b.setXmppDomain(SharedServer.DOMAIN).setUsernameAndPassword(a.username, a.password).setResource("web")
                .setSecurityMode(SecurityMode.disabled);
        ModularXmppClientToServerConnection c = new ModularXmppClientToServerConnection(b.build());
        c.setReplyTimeout(Clients.TIMEOUT_MILLIS);
        webClients.add(c);
        c.connect();
        c.login();
        return c;
    }

    @Test
    @Tag("RFC7395-3")
    @DisplayName("RFC 7395: a WebSocket client logs in and exchanges messages with a TCP client")
    void webSocketAndTcpClientsExchangeMessages() throws Exception {
        Clients.Account alice = clients.register();
        ModularXmppClientToServerConnection web = webLogin(alice);
        assertTrue(web.isAuthenticated());
        assertEquals(alice.username + "@" + SharedServer.DOMAIN + "/web", web.getUser().toString());
        BlockingQueue<Message> webInbox = new LinkedBlockingQueue<>();
        web.addSyncStanzaListener(s -> webInbox.add((Message) s), s -> s instanceof Message);

        XMPPTCPConnection tcp = clients.newUser();
        BlockingQueue<Message> tcpInbox = Clients.inbox(tcp);

        String toWeb = "to the browser " + UUID.randomUUID();
        tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(web.getUser()).setBody(toWeb).build());
        Message m = Clients.poll(webInbox, "message over WebSocket");
        assertEquals(toWeb, m.getBody());
        assertEquals(tcp.getUser(), m.getFrom());

        String toTcp = "from the browser " + UUID.randomUUID();
        web.sendStanza(web.getStanzaFactory().buildMessageStanza().to(tcp.getUser()).setBody(toTcp).build());
        Message back = Clients.poll(tcpInbox, "message from the WebSocket client");
        assertEquals(toTcp, back.getBody());
        assertEquals(web.getUser(), back.getFrom(), "from stamped with the WebSocket session's full JID");
    }

    /** A raw RFC 7395 client: text messages in a queue. */
    private static final class Raw implements WebSocket.Listener {
        final BlockingQueue<String> in = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                in.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            in.add("closed " + code);
            return null;
        }

        String next() throws InterruptedException {
            String s = in.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            assertNotNull(s, "no WebSocket message");
            return s;
        }
    }

    @Test
    @Tag("RFC7395-3.1")
    @DisplayName("RFC 7395 §3.1, §3.4, §3.6: the xmpp subprotocol is required; the stream starts with <open/>")
    void subprotocolRequiredAndOpenFirst() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutionException refused = assertThrows(ExecutionException.class, () -> http.newWebSocketBuilder()
                .buildAsync(endpoint(), new Raw()).get(5, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, String.valueOf(refused.getCause()));
        assertEquals(400, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

        Raw raw = new Raw();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("xmpp").buildAsync(endpoint(), raw)
                .get(5, TimeUnit.SECONDS);
        assertEquals("xmpp", ws.getSubprotocol());
        ws.sendText("<message xmlns='jabber:client' to='someone@localhost'><body>early</body></message>", true)
                .get(5, TimeUnit.SECONDS);
        String open = raw.next();
        assertTrue(open.startsWith("<open") && open.contains(FRAMING), open);
        String error = raw.next();
        assertTrue(error.contains("<stream:error") && error.contains("not-authorized"), error);
        assertTrue(raw.next().startsWith("<close"), "a <close/> follows the stream error");
        assertTrue(raw.next().startsWith("closed "), "the server closes the WebSocket");
    }

    @Test
    @Tag("RFC7395-3.4")
    @DisplayName("RFC 7395 §3.4, §3.3.3: <open/> is answered with <open/> and features that declare their namespaces")
    void openIsAnsweredWithFeaturesButNoStartTls() throws Exception {
        Raw raw = new Raw();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("xmpp")
                .buildAsync(endpoint(), raw).get(5, TimeUnit.SECONDS);
        ws.sendText("<open xmlns='" + FRAMING + "' to='" + SharedServer.DOMAIN + "' version='1.0'/>", true)
                .get(5, TimeUnit.SECONDS);
        String open = raw.next();
        assertTrue(open.contains("from='" + SharedServer.DOMAIN + "'") && open.contains("version='1.0'"), open);
        String features = raw.next();
        assertTrue(features.startsWith("<stream:features xmlns:stream='http://etherx.jabber.org/streams'"), features);
        assertTrue(features.contains("SCRAM-SHA-1"), features);
        assertTrue(!features.contains("starttls"), "no STARTTLS over WebSocket: " + features);
        ws.sendText("<close xmlns='" + FRAMING + "'/>", true).get(5, TimeUnit.SECONDS);
        assertTrue(raw.next().startsWith("<close"));
    }

    @Test
    @Tag("XEP-0156-3")
    @DisplayName("XEP-0156 §3: host-meta (XRD and JSON) names the WebSocket and BOSH endpoints")
    void hostMetaNamesTheWebSocketEndpoint() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + httpPort();
        HttpResponse<byte[]> xrd = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/host-meta"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, xrd.statusCode());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xrd.body()));
        assertEquals("http://docs.oasis-open.org/ns/xri/xrd-1.0", doc.getDocumentElement().getNamespaceURI());
        Element link = (Element) doc.getElementsByTagNameNS("http://docs.oasis-open.org/ns/xri/xrd-1.0", "Link")
                .item(0);
        assertEquals("urn:xmpp:alt-connections:websocket", link.getAttribute("rel"));
        assertEquals(endpoint().toString(), link.getAttribute("href"));
        Element bosh = (Element) doc.getElementsByTagNameNS("http://docs.oasis-open.org/ns/xri/xrd-1.0", "Link")
                .item(1);
        assertEquals("urn:xmpp:alt-connections:xbosh", bosh.getAttribute("rel"));
        assertEquals("http://127.0.0.1:" + httpPort() + "/http-bind", bosh.getAttribute("href"));

        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(base
                + "/.well-known/host-meta.json")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, json.statusCode());
        assertTrue(json.body().contains("\"href\":\"" + endpoint() + "\""), json.body());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }
}
