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
}
