package parlance.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.testkit.TestStanzas;

/**
 * How the initiating server authenticates against a hand-driven receiving server that offers SASL EXTERNAL:
 * EXTERNAL only when our certificate went out in the TLS handshake (XEP-0178 §3), otherwise straight to dialback
 * (XEP-0220) without a SASL attempt bound to fail; and the log line naming the method either way.
 */
class OutboundAuthTest {
    private static final String EXTERNAL_AND_DIALBACK = "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>EXTERNAL</mechanism></mechanisms><dialback xmlns='urn:xmpp:features:dialback'/>";
    @TempDir
    Path home;
    private Peer a;
    private PrintStream stderr;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void captureLog() {
        stderr = System.err; // slf4j-simple writes to whatever System.err is at the time
        System.setErr(new PrintStream(new Tee(stderr, log), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        System.setErr(stderr);
    }

    private void send(RawReceiver b) throws Exception {
        Peer.Options o = new Peer.Options();
        o.routes = new String[] {"b.test=127.0.0.1:" + b.port()};
        a = new Peer("a.test", home, o);
        a.server.outbound().send(TestStanzas.message("alice@a.test/home", "bob@b.test", "chat", "hello"));
    }

    private String log() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    /** The log lines about authenticated streams, for failure messages. */
    private String authLines() {
        return log().lines().filter(l -> l.contains("authenticated")).collect(java.util.stream.Collectors
                .joining("\n", "authentication log lines:\n", ""));
    }

    @Test
    void withoutOurCertificateInTheHandshakeDialbackIsUsedAndExternalNeverTried() throws Exception {
        try (RawReceiver b = new RawReceiver(home, "b.test")) {
            b.wantClientAuth = false; // the receiving server never asks for our certificate
            send(b);
            b.acceptAndSecure("a.test", EXTERNAL_AND_DIALBACK);
            String first = b.readUntilAny("</db:result>", "</auth>", "/>");
            assertFalse(first.contains("<auth"), "EXTERNAL tried without a certificate: " + first);
            assertTrue(first.contains("<db:result"), first);
            b.write("<db:result from='b.test' to='a.test' type='valid'/>");
            String message = b.readUntil("</message>");
            assertTrue(message.contains("hello"), message);
            assertTrue(log().contains("s2s stream a.test -> b.test authenticated by dialback"), authLines());
        }
    }

    @Test
    void withOurCertificateInTheHandshakeExternalIsUsed() throws Exception {
        try (RawReceiver b = new RawReceiver(home, "b.test")) {
            b.wantClientAuth = true;
            send(b);
            b.acceptAndSecure("a.test", EXTERNAL_AND_DIALBACK);
            String first = b.readUntilAny("</db:result>", "</auth>", "/>");
            assertTrue(first.contains("<auth") && first.contains("EXTERNAL"), first);
            b.write("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
            String restart = b.readUntil(">");
            assertNotNull(restart);
            b.write("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
                    + " xmlns:stream='http://etherx.jabber.org/streams' from='b.test' to='a.test' id='third'"
                    + " version='1.0'><stream:features/>");
            String message = b.readUntil("</message>");
            assertTrue(message.contains("hello"), message);
            assertTrue(log().contains("s2s stream a.test -> b.test authenticated by certificate (SASL EXTERNAL)"),
                    authLines());
        }
    }

    /** Writes to both streams; the copy is what the test reads. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream first, ByteArrayOutputStream copy) {
            this.first = first;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            synchronized (copy) {
                copy.write(b, off, len);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
        }
    }
}
