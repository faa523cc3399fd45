package parlance.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bytestreams.BytestreamSession;
import org.jivesoftware.smackx.bytestreams.ibb.InBandBytestreamManager;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5BytestreamManager;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5BytestreamSession;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The filetransfer bundle end to end with Smack: a file through the SOCKS5 bytestreams proxy (XEP-0065 §6.3) and one
 * in-band (XEP-0047) arrive byte-identical; Jingle Message Initiation (XEP-0353) {@code <propose/>} to the bare JID
 * reaches every resource (RFC 6121 §8.5.2.1.1); a Jingle IQ to an unavailable full JID is answered
 * {@code service-unavailable} (RFC 6121 §8.5.3.2.3); and XEP-0215 TURN credentials are accepted by a real coturn
 * ({@code turnserver --use-auth-secret}) while an expired one is refused (skipped when coturn is not installed).
 */
class FileTransferIT {
    private static final String SECRET = "north-wind-" + System.nanoTime();

    @Test
    void socks5ProxyAndInBandTransfersAndJingleRouting() throws Exception {
        int proxyPort = Distribution.freePort();
        try (PrivateServer server = PrivateServer.start("filetransfer", "parlance.filetransfer.port=" + proxyPort)) {
            server.register("alice");
            server.register("bob");
            XMPPTCPConnection alice = server.login("alice", "desk");
            XMPPTCPConnection bobPhone = server.login("bob", "phone");
            XMPPTCPConnection bobLaptop = server.login("bob", "laptop");

            byte[] file = new byte[300_000];
            new Random(7).nextBytes(file);

            // XEP-0065 through the server's proxy only (no direct connection offered)
            Socks5BytestreamManager s5Alice = Socks5BytestreamManager.getBytestreamManager(alice);
            s5Alice.setAnnounceLocalStreamHost(false);
            Socks5BytestreamManager.getBytestreamManager(bobPhone).setAnnounceLocalStreamHost(false);
            CompletableFuture<byte[]> viaProxy = receiveOne(l -> Socks5BytestreamManager
                    .getBytestreamManager(bobPhone).addIncomingBytestreamListener(l));
            Socks5BytestreamSession session = s5Alice.establishSession(bobPhone.getUser());
            assertTrue(session.isMediated(), "the transfer went through the proxy");
            send(session, file);
            assertArrayEquals(file, viaProxy.get(20, TimeUnit.SECONDS), "file through the SOCKS5 proxy");

            // XEP-0047
            CompletableFuture<byte[]> inBand = receiveOne(l -> InBandBytestreamManager
                    .getByteStreamManager(bobLaptop).addIncomingBytestreamListener(l));
            byte[] small = new byte[20_000];
            new Random(8).nextBytes(small);
            send(InBandBytestreamManager.getByteStreamManager(alice).establishSession(bobLaptop.getUser()), small);
            assertArrayEquals(small, inBand.get(20, TimeUnit.SECONDS), "file in band");

            // XEP-0353: a propose to the bare JID rings every resource
            BlockingQueue<Message> phone = Clients.inbox(bobPhone);
            BlockingQueue<Message> laptop = Clients.inbox(bobLaptop);
            StandardExtensionElement propose = StandardExtensionElement.builder("propose", "urn:xmpp:jingle-message:0")
                    .addAttribute("id", "call-1").addElement(StandardExtensionElement
                            .builder("description", "urn:xmpp:jingle:apps:rtp:1").addAttribute("media", "audio")
                            .build()).build();
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.bareFrom("bob@localhost"))
                    .ofType(Message.Type.chat).addExtension(propose)
                    .addExtension(StandardExtensionElement.builder("store", "urn:xmpp:hints").build()).build());
            for (BlockingQueue<Message> inbox : List.of(phone, laptop)) {
                Message m = Clients.poll(inbox, "Jingle propose");
                assertTrue(m.hasExtension("propose", "urn:xmpp:jingle-message:0"), m.toXML().toString());
            }

            // RFC 6121 §8.5.3.2.3: an IQ to a resource that is not there
            JingleIq iq = new JingleIq();
            iq.setTo(JidCreate.fullFrom("bob@localhost/gone"));
            XMPPErrorException e = assertThrows(XMPPErrorException.class,
                    () -> alice.sendIqRequestAndWaitForResponse(iq));
            assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition());
        }
    }

    /**
     * XEP-0047 limits of the filetransfer bundle, configured tight through system properties (PID
     * {@code parlance.filetransfer}; the SOCKS5 proxy off, which leaves them on): an open with a block-size above
     * {@code ibb.max.block.size} is refused with {@code resource-constraint} (modify, §2.1), a third bytestream of a
     * user beyond {@code ibb.max.sessions} with {@code resource-constraint} (wait) until one closes, and a flood above
     * {@code ibb.bytes.per.second} (after the burst) is cut with {@code resource-constraint} (wait, RFC 6120
     * §8.3.3.18) while a transfer within the limits arrives byte-identical.
     */
    @Test
    void inBandBytestreamsAreLimitedInBlockSizeCountAndRate() throws Exception {
        try (PrivateServer server = PrivateServer.start("ibb-limits", "parlance.filetransfer.port=0",
                "parlance.filetransfer.ibb.bytes.per.second=4096", "parlance.filetransfer.ibb.burst.bytes=65536",
                "parlance.filetransfer.ibb.max.block.size=8192", "parlance.filetransfer.ibb.max.sessions=2")) {
            server.register("dora");
            server.register("emil");
            XMPPTCPConnection dora = server.login("dora", "desk");
            XMPPTCPConnection emil = server.login("emil", "laptop");
            InBandBytestreamManager ibb = InBandBytestreamManager.getByteStreamManager(dora);
            // emil accepts every bytestream and reads it to its end
            BlockingQueue<CompletableFuture<byte[]>> incoming = new java.util.concurrent.LinkedBlockingQueue<>();
            InBandBytestreamManager.getByteStreamManager(emil).addIncomingBytestreamListener(request -> {
                CompletableFuture<byte[]> received = new CompletableFuture<>();
                incoming.add(received);
                try (InputStream in = request.accept().getInputStream()) {
                    received.complete(in.readAllBytes());
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            });

            // §2.1: a block-size above the server's largest is refused before it reaches the responder
            ibb.setDefaultBlockSize(16384);
            XMPPErrorException tooLarge = assertThrows(XMPPErrorException.class,
                    () -> ibb.establishSession(emil.getUser()));
            assertEquals(StanzaError.Condition.resource_constraint, tooLarge.getStanzaError().getCondition());
            assertEquals(StanzaError.Type.MODIFY, tooLarge.getStanzaError().getType());
            ibb.setDefaultBlockSize(4096);

            // at most two bytestreams per user; a closed one frees its place
            BytestreamSession first = ibb.establishSession(emil.getUser());
            BytestreamSession second = ibb.establishSession(emil.getUser());
            XMPPErrorException third = assertThrows(XMPPErrorException.class,
                    () -> ibb.establishSession(emil.getUser()));
            assertEquals(StanzaError.Condition.resource_constraint, third.getStanzaError().getCondition());
            assertEquals(StanzaError.Type.WAIT, third.getStanzaError().getType());
            first.close();
            BytestreamSession fourth = ibb.establishSession(emil.getUser());
            second.close();
            fourth.close();
            for (int i = 0; i < 3; i++) {
                assertEquals(0, next(incoming).get(20, TimeUnit.SECONDS).length, "opened and closed without data");
            }

            // within the burst: byte-identical
            byte[] small = new byte[30_000];
            new Random(9).nextBytes(small);
            send(ibb.establishSession(emil.getUser()), small);
            assertArrayEquals(small, next(incoming).get(20, TimeUnit.SECONDS), "a transfer within the limits");

            // a flood far above 4 KiB/s: refused with <wait/>, the rest never arrives
            byte[] big = new byte[600_000];
            new Random(10).nextBytes(big);
            BytestreamSession flood = ibb.establishSession(emil.getUser());
            java.io.IOException cut = assertThrows(java.io.IOException.class, () -> send(flood, big));
            XMPPErrorException refused = cause(cut, XMPPErrorException.class);
            assertEquals(StanzaError.Condition.resource_constraint, refused.getStanzaError().getCondition(),
                    cut.toString());
            assertEquals(StanzaError.Type.WAIT, refused.getStanzaError().getType());
            byte[] got = next(incoming).get(20, TimeUnit.SECONDS);
            assertTrue(got.length < big.length, "the flood was cut: " + got.length + " bytes arrived");
        }
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T next = queue.poll(20, TimeUnit.SECONDS);
        assertTrue(next != null, "nothing arrived within 20 s");
        return next;
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + t, t);
    }

    @Test
    void turnCredentialsFromExtdiscoAreAcceptedByCoturnUntilTheyExpire() throws Exception {
        assumeTrue(onPath("turnserver") && onPath("turnutils_uclient"), "coturn (turnserver) is not installed");
        int turnPort = Distribution.freePort();
        Path log = Files.createTempFile("turnserver", ".log");
        Path dir = Files.createTempDirectory("turnserver");
        Process turn = new ProcessBuilder("turnserver", "-n", "--no-tls", "--no-dtls", "--no-cli",
                "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1", "--listening-port", Integer.toString(turnPort),
                "--min-port", "49200", "--max-port", "49400", "--allow-loopback-peers", "--use-auth-secret",
                "--static-auth-secret=" + SECRET, "--realm=parlance", "--log-file=stdout", "--simple-log",
                "--userdb=" + dir.resolve("turndb"), "--pidfile=" + dir.resolve("turnserver.pid"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (PrivateServer server = PrivateServer.start("extdisco", "parlance.filetransfer.port=0",
                "parlance.extdisco.services=turn:127.0.0.1:" + turnPort + "?transport=udp&secret=" + SECRET
                        + "&ttl=600")) {
            server.register("carol");
            XMPPTCPConnection carol = server.login("carol", "desk");
            ExtDiscoIq ask = new ExtDiscoIq();
            ask.setTo(JidCreate.domainBareFrom("localhost"));
            UnparsedIQ reply = carol.sendIqRequestAndWaitForResponse(ask);
            String xml = reply.getContent().toString();
            String username = attribute(xml, "username");
            String password = attribute(xml, "password");
            assertTrue(username.endsWith(":carol@localhost"), xml);
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            assertTrue(expiry > System.currentTimeMillis() / 1000, "expires in the future: " + xml);
            waitForPort(log);

            assertEquals(0, uclient(turnPort, username, password), "coturn accepts the handed-out credentials");
            String expired = (System.currentTimeMillis() / 1000 - 60) + ":carol@localhost";
            assertNotEquals(0, uclient(turnPort, expired, hmac(SECRET, expired)), "coturn refuses an expired one");
        } finally {
            turn.destroy();
            if (!turn.waitFor(5, TimeUnit.SECONDS)) {
                turn.destroyForcibly();
            }
        }
    }

    private static int uclient(int port, String user, String password) throws Exception {
        Process p = new ProcessBuilder("turnutils_uclient", "-u", user, "-w", password, "-p", Integer.toString(port),
                "-n", "1", "-m", "1", "-l", "100", "-y", "127.0.0.1").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static void waitForPort(Path log) throws Exception {
        Clients.await("turnserver listening", () -> {
            try {
                return Files.readString(log).contains("Total General servers");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    private static String hmac(String secret, String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return java.util.Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }

    private static String attribute(String xml, String name) {
        Matcher m = Pattern.compile(name + "=['\"]([^'\"]+)['\"]").matcher(xml);
        assertTrue(m.find(), name + " in " + xml);
        return m.group(1);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private interface Registration {
        void add(org.jivesoftware.smackx.bytestreams.BytestreamListener listener);
    }

    /** Accepts the next incoming bytestream and reads it to its end. */
    private static CompletableFuture<byte[]> receiveOne(Registration registration) {
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        registration.add(request -> {
            try {
                BytestreamSession s = request.accept();
                try (InputStream in = s.getInputStream()) {
                    received.complete(in.readAllBytes());
                }
            } catch (Exception e) {
                received.completeExceptionally(e);
            }
        });
        return received;
    }

    private static void send(BytestreamSession session, byte[] data) throws Exception {
        try (OutputStream out = session.getOutputStream()) {
            out.write(data);
            out.flush();
        }
        session.close();
    }

    /** A Jingle session-initiate (XEP-0166 §7.2) stub. */
    static final class JingleIq extends IQ {
        JingleIq() {
            super("jingle", "urn:xmpp:jingle:1");
            setType(Type.set);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.attribute("action", "session-initiate").attribute("sid", "s1");
            xml.setEmptyElement();
            return xml;
        }
    }

    /** XEP-0215 §2 services request for TURN. */
    static final class ExtDiscoIq extends IQ {
        ExtDiscoIq() {
            super("services", "urn:xmpp:extdisco:2");
            setType(Type.get);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.attribute("type", "turn");
            xml.setEmptyElement();
            return xml;
        }
    }
}
