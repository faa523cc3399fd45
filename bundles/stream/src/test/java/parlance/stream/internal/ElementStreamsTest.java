package parlance.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parlance.api.auth.SaslMechanism;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;
import parlance.stream.spi.ElementStream;
import parlance.stream.spi.ElementTransport;

/**
 * The transport seam ({@code parlance.stream.spi}): the same SASL, bind, {@code from} stamping, routing and
 * delivery as TCP, driven by elements from a fake element transport on a single-thread executor.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ElementStreamsTest {
    static final String DOMAIN = TestServer.DOMAIN;
    final Fakes.RecordingRouter router = new Fakes.RecordingRouter();
    final Fakes.Sessions sessions = new Fakes.Sessions();
    final List<SaslMechanism> mechanisms = new CopyOnWriteArrayList<>(List.of(new Fakes.Plain("secret")));
    final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    final ElementStreams streams = new ElementStreams(new StreamServices(DOMAIN, new StreamSettings(65536, 5, 0, 60),
            new AuthThrottle(0, 60, System::nanoTime), () -> router, () -> sessions, Fakes.Preparer::new,
            () -> mechanisms, null));

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    /** What the stream sent; runs every stream call on its single-thread executor. */
    final class Transport implements ElementTransport {
        final BlockingQueue<Element> out = new LinkedBlockingQueue<>();
        final boolean secure;
        volatile boolean open = true;
        volatile long disconnectedAfter = -1;
        volatile Thread thread;
        ElementStream stream;

        Transport(boolean secure) {
            this.secure = secure;
            run(() -> thread = Thread.currentThread());
            stream = streams.open(this);
        }

        void run(Runnable r) {
            loop.execute(r);
        }

        Element next() throws InterruptedException {
            Element e = out.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "nothing sent");
            return e;
        }

        @Override
        public void open(String from, String id, String lang) {
            Element open = DocumentHelper.createElement(QName.get("open", "urn:ietf:params:xml:ns:xmpp-framing"));
            open.addAttribute("from", from);
            open.addAttribute("id", id);
            out.add(open);
        }

        @Override
        public void send(Element element) {
            assertTrue(inTransportThread(), "send off the transport thread");
            out.add(element);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            out.add(DocumentHelper.createElement(QName.get("close", "urn:ietf:params:xml:ns:xmpp-framing")));
        }

        @Override
        public void disconnect(long graceMillis) {
            disconnectedAfter = graceMillis;
            open = false;
        }

        @Override
        public void pauseInput() {
        }

        @Override
        public void resumeInput() {
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }

        @Override
        public void schedule(Runnable task, long delayMillis) {
            loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public boolean inTransportThread() {
            return Thread.currentThread() == thread;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:4711";
        }

        @Override
        public String remoteIp() {
            return "127.0.0.1";
        }
    }

    private static Element auth(String user, String password) {
        Element auth = DocumentHelper.createElement(QName.get("auth", Namespaces.SASL));
        auth.addAttribute("mechanism", "PLAIN");
        auth.setText(Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8)));
        return auth;
    }

    private static Element bind(String resource) {
        Element iq = DocumentHelper.createElement(QName.get("iq", Namespaces.CLIENT));
        iq.addAttribute("type", "set");
        iq.addAttribute("id", "b1");
        iq.addElement(QName.get("bind", Namespaces.BIND)).addElement(QName.get("resource", Namespaces.BIND))
                .setText(resource);
        return iq;
    }

    /** RFC 6120 §4.3.2, §5.3.1: no STARTTLS over an element transport; a secure one gets PLAIN (§6.4.1). */
    @Test
    void secureTransportIsOfferedSaslWithoutStartTls() throws Exception {
        Transport t = new Transport(true);
        t.run(() -> t.stream.header(DOMAIN, "juliet@" + DOMAIN, "1.0", "en"));
        Element open = t.next();
        assertEquals("open", open.getName());
        assertEquals(DOMAIN, open.attributeValue("from"));
        Element features = t.next();
        assertNull(features.element(QName.get("starttls", Namespaces.TLS)), features.asXML());
        Element mechs = features.element(QName.get("mechanisms", Namespaces.SASL));
        assertNotNull(mechs, features.asXML());
        assertEquals("PLAIN", mechs.element("mechanism").getText());
    }

    /** RFC 6120 §6.4.1: a mechanism that requires TLS is not offered over an insecure transport. */
    @Test
    void insecureTransportGetsNoTlsOnlyMechanism() throws Exception {
        Transport t = new Transport(false);
        t.run(() -> t.stream.header(DOMAIN, null, "1.0", null));
        t.next();
        Element features = t.next();
        assertNull(features.element(QName.get("mechanisms", Namespaces.SASL)), features.asXML());
        assertNull(features.element(QName.get("starttls", Namespaces.TLS)), features.asXML());
    }

    /** RFC 6120 §6.4.6, §7, §8.1.2.1: SASL, restart, bind, from stamped, routed; delivery comes back as elements. */
    @Test
    void authenticatesBindsRoutesAndDelivers() throws Exception {
        Transport t = new Transport(true);
        t.run(() -> t.stream.header(DOMAIN, null, "1.0", null));
        t.next();
        t.next();
        t.run(() -> t.stream.element(auth("juliet", "secret")));
        assertEquals("success", t.next().getName());
        t.run(() -> t.stream.header(DOMAIN, null, "1.0", null)); // RFC 7395 §3.5: restart with a new <open/>
        assertEquals("open", t.next().getName());
        Element features = t.next();
        assertNotNull(features.element(QName.get("bind", Namespaces.BIND)), features.asXML());
        t.run(() -> t.stream.element(bind("balcony")));
        Element result = t.next();
        assertEquals("result", result.attributeValue("type"), result.asXML());
        String jid = "juliet@" + DOMAIN + "/balcony";
        assertEquals(jid, result.element(QName.get("bind", Namespaces.BIND)).elementText(QName.get("jid",
                Namespaces.BIND)));

        Element message = DocumentHelper.createElement(QName.get("message", Namespaces.CLIENT));
        message.addAttribute("to", "romeo@" + DOMAIN);
        message.addElement(QName.get("body", Namespaces.CLIENT)).setText("hi");
        t.run(() -> t.stream.element(message));
        Stanza routed = router.received.poll(10, TimeUnit.SECONDS);
        assertNotNull(routed);
        assertEquals(jid, routed.element().attributeValue("from"));

        ClientSession session = sessions.bound.values().iterator().next();
        assertTrue(session.isSecure());
        Element incoming = DocumentHelper.createElement(QName.get("message", Namespaces.CLIENT));
        incoming.addAttribute("from", "romeo@" + DOMAIN + "/r");
        incoming.addAttribute("to", jid);
        session.deliver(Stanza.of(incoming, null, null)); // from a foreign thread
        assertEquals("romeo@" + DOMAIN + "/r", t.next().attributeValue("from"));

        t.run(() -> t.stream.close()); // RFC 6120 §4.4: the server answers with its own close
        assertEquals("close", t.next().getName());
        t.run(() -> t.stream.ended());
        assertNotNull(sessions.unregistered.poll(10, TimeUnit.SECONDS));
        assertTrue(sessions.bound.isEmpty());
    }

    /** RFC 6120 §4.9: a transport-reported error becomes a stream error, opening our side first. */
    @Test
    void transportErrorEndsTheStreamWithAStreamError() throws Exception {
        Transport t = new Transport(true);
        t.run(() -> t.stream.error(StreamError.POLICY_VIOLATION, "too large"));
        assertEquals("open", t.next().getName());
        Element error = t.next();
        assertEquals("error", error.getName());
        assertNotNull(error.element(QName.get("policy-violation", StreamError.NAMESPACE)), error.asXML());
        assertEquals("close", t.next().getName());
        for (int i = 0; i < 100 && t.disconnectedAfter < 0; i++) {
            Thread.sleep(20);
        }
        assertFalse(t.open);
    }

    /** RFC 6120 §4.9.3.12: a stanza before authentication is not-authorized. */
    @Test
    void stanzaBeforeAuthenticationIsRefused() throws Exception {
        Transport t = new Transport(true);
        t.run(() -> t.stream.header(DOMAIN, null, "1.0", null));
        t.next();
        t.next();
        Element message = DocumentHelper.createElement(QName.get("message", Namespaces.CLIENT));
        t.run(() -> t.stream.element(message));
        Element error = t.next();
        assertNotNull(error.element(QName.get("not-authorized", StreamError.NAMESPACE)), error.asXML());
        assertTrue(router.received.isEmpty());
    }
}
