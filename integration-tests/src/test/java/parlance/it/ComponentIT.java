package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.impl.JidCreate;

/**
 * External components (XEP-0114) against the packaged server: the component secret comes from the system property
 * {@code parlance.component.components} (PID {@code parlance.component}, key {@code components}), the component is
 * a raw TCP client written here, and a Smack client talks to it through the router.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ComponentIT {
    private static final String GW = "gw.localhost";
    private static final String SECRET = "s3cret";

    @Test
    @Tag("XEP-0114-3")
    @DisplayName("XEP-0114 §3: a component with the right secret answers a client's IQ and shows in disco#items; "
            + "a wrong secret is refused")
    void componentServesItsDomain() throws Exception {
        try (PrivateServer server = PrivateServer.start("component", "parlance.component.components=" + GW + "="
                + SECRET)) {
            int port = server.process().port("component.port");
            assertTrue(server.process().output().contains("component 127.0.0.1:" + port),
                    "the ready line names the component listener");
            try (RawComponent wrong = new RawComponent(port)) {
                String got = wrong.handshake(GW, "not-the-secret");
                assertTrue(got.contains("<not-authorized"), got);
                assertFalse(got.contains("<handshake/>"), got);
            }
            server.register("alice");
            XMPPTCPConnection alice = server.login("alice", "desk");
            try (RawComponent gw = new RawComponent(port)) {
                assertTrue(gw.handshake(GW, SECRET).contains("<handshake/>"), gw.received());
                Thread answerer = new Thread(() -> gw.answerQueries(), "component");
                answerer.setDaemon(true);
                answerer.start();

                Version version;
                try {
                    version = VersionManager.getInstanceFor(alice).getVersion(JidCreate.domainBareFrom(GW));
                } catch (Exception e) {
                    throw new AssertionError("component saw: " + gw.received() + "\nserver: "
                            + server.process().output(), e);
                }
                assertEquals("Test gateway", version.getName());

                assertTrue(serverItems(alice).contains(GW), "disco#items of the server lists " + GW);
            }
            // the component left: its domain leaves disco (the router now answers for it with errors)
            long deadline = System.currentTimeMillis() + 5000;
            while (serverItems(alice).contains(GW) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(serverItems(alice).contains(GW), "the disconnected component's domain is no longer listed");
        }
    }

    private static List<String> serverItems(XMPPTCPConnection c) throws Exception {
        DiscoverItems items = ServiceDiscoveryManager.getInstanceFor(c)
                .discoverItems(JidCreate.domainBareFrom(PrivateServer.DOMAIN));
        return items.getItems().stream().map(i -> i.getEntityID().toString()).collect(Collectors.toList());
    }

    /** A minimal external component: raw XML over TCP (test only). */
    static final class RawComponent implements AutoCloseable {
        private static final Pattern ID = Pattern.compile("<stream:stream[^>]* id='([^']+)'");
        private static final Pattern IQ = Pattern.compile("<iq [^>]*>.*?</iq>", Pattern.DOTALL);
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final StringBuffer received = new StringBuffer();

        RawComponent(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(200);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        /** Opens the stream and sends the XEP-0114 §3 handshake; returns what the server sent up to its answer. */
        String handshake(String domain, String secret) throws Exception {
            send("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' to='" + domain + "'>");
            Matcher m = ID.matcher(await("id='"));
            assertTrue(m.find(), "a stream id: " + received);
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((m.group(1) + secret).getBytes(StandardCharsets.UTF_8));
            send("<handshake>" + HexFormat.of().formatHex(digest) + "</handshake>");
            String got = await("<handshake/>", "</stream:stream>");
            return got;
        }

        /** Answers disco#info and jabber:iq:version gets (Smack asks disco#info first), until the socket closes. */
        void answerQueries() {
            int done = 0;
            try {
                while (!socket.isClosed()) {
                    readSome();
                    Matcher m = IQ.matcher(received);
                    int seen = 0;
                    while (m.find()) {
                        if (seen++ < done) {
                            continue;
                        }
                        done++;
                        String iq = m.group();
                        if (!iq.contains("type='get'")) {
                            continue;
                        }
                        String head = "<iq type='result' id='" + attr(iq, "id") + "' from='" + attr(iq, "to")
                                + "' to='" + attr(iq, "from") + "'>";
                        if (iq.contains("jabber:iq:version")) {
                            send(head + "<query xmlns='jabber:iq:version'><name>Test gateway</name>"
                                    + "<version>1</version></query></iq>");
                        } else if (iq.contains("http://jabber.org/protocol/disco#info")) {
                            send(head + "<query xmlns='http://jabber.org/protocol/disco#info'>"
                                    + "<identity category='gateway' type='xmpp' name='Test gateway'/>"
                                    + "<feature var='http://jabber.org/protocol/disco#info'/>"
                                    + "<feature var='jabber:iq:version'/></query></iq>");
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        private static String attr(String iq, String name) {
            Matcher m = Pattern.compile(" " + name + "='([^']*)'").matcher(iq.substring(0, iq.indexOf('>')));
            return m.find() ? m.group(1) : "";
        }

        private void send(String xml) throws IOException {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String received() {
            return received.toString();
        }

        private String await(String... markers) throws IOException {
            long end = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < end) {
                for (String marker : markers) {
                    if (received.indexOf(marker) >= 0) {
                        return received.toString();
                    }
                }
                if (!readSome()) {
                    break;
                }
            }
            return received.toString();
        }

        /** Reads what is there (waits at most 200 ms); false at the end of the stream. */
        private boolean readSome() throws IOException {
            byte[] buf = new byte[4096];
            try {
                int n = in.read(buf);
                if (n < 0) {
                    return false;
                }
                received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (SocketTimeoutException e) {
                // nothing yet
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
