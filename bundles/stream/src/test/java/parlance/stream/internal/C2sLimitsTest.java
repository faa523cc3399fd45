package parlance.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.stanza.Namespaces;
import parlance.stream.internal.tls.SelfSignedCertificates;

/** Limits and live changes: per-IP caps, login throttle, idle ping, certificate reload. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class C2sLimitsTest {
    @TempDir
    Path home;

    @Test
    void connectionsOverThePerAddressCapAreClosed() throws Exception {
        try (TestServer server = new TestServer(home, new StreamSettings(262144, 5, 0, 60), 1, 0);
                TestClient first = server.client()) {
            first.open();
            try (TestClient second = server.client()) {
                assertEquals(TestClient.EOF, second.next());
            }
            first.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            assertEquals("proceed", first.element().getName(), "the first connection keeps working");
        }
    }

    /** After N failed logins from one address, even a right password gets temporary-auth-failure. */
    @Test
    void failedLoginsPerAddressAreThrottled() throws Exception {
        try (TestServer server = new TestServer(home, new StreamSettings(262144, 5, 0, 60), 0, 2)) {
            for (int i = 0; i < 2; i++) {
                try (TestClient c = server.client()) {
                    c.open();
                    c.startTls(server.cert());
                    Element failure = c.authPlain("juliet", "wrong");
                    assertNotNull(failure.element(QName.get("not-authorized", Namespaces.SASL)), failure.asXML());
                }
            }
            try (TestClient c = server.client()) {
                c.open();
                c.startTls(server.cert());
                Element failure = c.authPlain("juliet", "secret");
                assertNotNull(failure.element(QName.get("temporary-auth-failure", Namespaces.SASL)), failure.asXML());
            }
        }
    }

    /**
     * RFC 6120 §13.12: failed logins against one account are slowed down whatever the address (the fourth failure
     * answers a step later, the fifth two steps), and the right password is never refused.
     */
    @Test
    void failedLoginsPerAccountAreDelayedButTheOwnerGetsIn() throws Exception {
        long step = 400;
        try (TestServer server = new TestServer(home, new StreamSettings(262144, 10, 0, 60), 0, 0, null, 0, step)) {
            try (TestClient c = server.client()) {
                c.open();
                c.startTls(server.cert());
                long[] took = new long[5];
                for (int i = 0; i < took.length; i++) {
                    long t0 = System.nanoTime();
                    Element failure = c.authPlain("juliet", "wrong" + i);
                    took[i] = (System.nanoTime() - t0) / 1_000_000;
                    assertNotNull(failure.element(QName.get("not-authorized", Namespaces.SASL)), failure.asXML());
                }
                assertTrue(took[3] >= step, "4th failure held back at least one step: " + took[3] + " ms");
                assertTrue(took[4] >= 2 * step, "5th failure held back two steps: " + took[4] + " ms");
            }
            try (TestClient owner = server.client()) {
                owner.open();
                owner.startTls(server.cert());
                Element success = owner.authPlain("juliet", "secret");
                assertEquals("success", success.getName(), "the right password is never refused: " + success.asXML());
            }
        }
    }

    /** XEP-0199 §4.2: an idle bound client is pinged; one that does not answer is dropped. */
    @Test
    void anIdleClientIsPingedAndDroppedWithoutAnswer() throws Exception {
        try (TestServer server = new TestServer(home, new StreamSettings(262144, 5, 1, 1), 0, 0);
                TestClient c = server.client()) {
            c.login(server.cert(), "juliet", "balcony");
            Element ping = c.element();
            assertEquals("iq", ping.getName());
            assertEquals("get", ping.attributeValue("type"));
            assertNotNull(ping.element(QName.get("ping", Namespaces.PING)));
            assertEquals("juliet@example.org/balcony", ping.attributeValue("to"));
            assertEquals("connection-timeout", c.streamError());
        }
    }

    @Test
    void anIdleClientThatAnswersThePingStays() throws Exception {
        try (TestServer server = new TestServer(home, new StreamSettings(262144, 5, 1, 2), 0, 0);
                TestClient c = server.client()) {
            c.login(server.cert(), "juliet", "balcony");
            Element ping = c.element();
            c.send("<iq type='result' id='" + ping.attributeValue("id") + "' to='example.org'/>");
            Element next = c.element(); // the next ping, not a stream error
            assertEquals("iq", next.getName(), next.asXML());
            assertTrue(server.router.received.isEmpty(), "the pong is consumed by the stream layer");
        }
    }

    /** An idle stream's parser hibernates and the stream carries on as before when the client speaks again. */
    @Test
    void aQuietConnectionHibernatesItsParserAndWakesOnInput() throws Exception {
        try (TestServer server = new TestServer(home, new StreamSettings(262144, 5, 0, 60, 200), 0, 0);
                TestClient c = server.client()) {
            c.login(server.cert(), "juliet", "balcony");
            long deadline = System.currentTimeMillis() + 10_000;
            while (server.server.hibernatingCount() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, server.server.hibernatingCount(), "quiet for longer than 200 ms");
            c.send("<message to='romeo@example.org' type='chat'><body>still here</body></message>");
            parlance.api.stanza.Stanza got = server.router.received.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull(got, "the resumed parser delivers the next stanza");
            assertEquals("still here", got.element().elementText("body"));
            assertEquals(0, server.server.hibernatingCount(), "awake again right after the input");
        }
    }

    /** Replaced PEM files are picked up without restart; new connections see the new certificate. */
    @Test
    void replacedCertificateIsUsedByNewConnections() throws Exception {
        try (TestServer server = new TestServer(home)) {
            X509Certificate before;
            try (TestClient c = TestClient.directTls(server.tlsPort, TestServer.DOMAIN, server.cert())) {
                before = (X509Certificate) c.ssl().getSession().getPeerCertificates()[0];
            }
            Path staging = home.resolve("staging");
            SelfSignedCertificates.writePem(staging, TestServer.DOMAIN, new SecureRandom());
            Files.copy(staging.resolve("example.org.key"), server.tlsDir.resolve("example.org.key"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(staging.resolve("example.org.crt"), server.tlsDir.resolve("example.org.crt"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            X509Certificate after = null;
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                try (TestClient c = TestClient.directTls(server.tlsPort, TestServer.DOMAIN, server.cert())) {
                    after = (X509Certificate) c.ssl().getSession().getPeerCertificates()[0];
                    break;
                } catch (javax.net.ssl.SSLException e) {
                    Thread.sleep(100); // still the old certificate, which the client no longer trusts
                }
            }
            assertNotNull(after, "the new certificate was not picked up");
            assertNotEquals(before.getSerialNumber(), after.getSerialNumber());
        }
    }
}
