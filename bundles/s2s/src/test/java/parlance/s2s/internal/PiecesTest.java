package parlance.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.stanza.Namespaces;
import parlance.testkit.TestStanzas;

/** The small parts: XEP-0185 keys, static routes, the RFC 6125 identity check, namespaces on the wire. */
class PiecesTest {
    @Test
    void dialbackKeysVerifyOnlyForTheSameDomainsAndStream() {
        DialbackKey keys = new DialbackKey("s3cr3tf0rd14lb4ck".getBytes());
        String key = keys.generate("b.test", "a.test", "D60000229F");
        assertTrue(keys.verify("b.test", "a.test", "D60000229F", key));
        assertFalse(keys.verify("b.test", "a.test", "other-stream", key));
        assertFalse(keys.verify("c.test", "a.test", "D60000229F", key));
        assertFalse(new DialbackKey("another secret".getBytes()).verify("b.test", "a.test", "D60000229F", key));
        assertEquals(64, key.length()); // hex of HMAC-SHA256
    }

    @Test
    void keyMatchesTheXep0185ReferenceScript() {
        // the script that made XEP-0185's example (XMPP wiki): secret s3cr3tf0rd14lb4ck, receiving domain2.tld,
        // originating domain1.tld, stream id D60000229F; value computed with Python's hmac/hashlib
        assertEquals("5e598fae34b90be084fb6a4a8a543ceb33549140bac9d829ef8d734d900616e4",
                new DialbackKey("s3cr3tf0rd14lb4ck".getBytes()).generate("domain2.tld", "domain1.tld",
                        "D60000229F"));
    }

    @Test
    void staticRoutesComeBeforeDns() {
        Resolver r = new Resolver(new String[] {"b.test=127.0.0.1:5270", "c.test=[::1]:5299,d.test=host.d"});
        assertEquals(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 5270)), r.resolve("b.test"));
        assertEquals(List.of(InetSocketAddress.createUnresolved("::1", 5299)), r.resolve("c.test"));
        assertEquals(List.of(InetSocketAddress.createUnresolved("host.d", 5269)), r.resolve("d.test"));
        assertTrue(Resolver.parse(new String[] {"nonsense", "x="}).isEmpty());
    }

    @Test
    void identityCheckUsesSubjectAltNamesOnly(@TempDir Path dir) throws Exception {
        Peer.certificate(dir, "a.test");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("a.test.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate("a.test");
        assertTrue(PeerIdentity.matches(cert, "a.test"));
        assertTrue(PeerIdentity.matches(cert, "A.TEST"));
        assertFalse(PeerIdentity.matches(cert, "b.test"));
        assertTrue(PeerIdentity.dnsMatches("*.example.org", "chat.example.org"));
        assertFalse(PeerIdentity.dnsMatches("*.example.org", "example.org"));
        assertFalse(PeerIdentity.dnsMatches("*.example.org", "a.b.example.org"));
    }

    @Test
    void xmppAddrOtherNameIsRead() {
        // SEQUENCE { OID 1.3.6.1.5.5.7.8.5, [0] { UTF8String "a.test" } }
        byte[] der = {0x30, 0x14, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x05, (byte) 0xa0, 0x08,
            0x0c, 0x06, 'a', '.', 't', 'e', 's', 't'};
        assertEquals("a.test", PeerIdentity.xmppAddr(der));
        der[11] = 0x06; // another otherName type
        assertEquals(null, PeerIdentity.xmppAddr(der));
    }

    @Test
    void stanzasChangeNamespaceOnTheWireWithoutTouchingTheOriginal() {
        Element original = TestStanzas.message("a@a.test/r", "b@b.test", "chat", "hi").element();
        Element wire = S2sElements.retarget(original, Namespaces.CLIENT, Namespaces.SERVER);
        assertEquals(Namespaces.SERVER, wire.getNamespaceURI());
        assertEquals(Namespaces.SERVER, wire.element("body").getNamespaceURI());
        assertEquals("hi", wire.elementText("body"));
        assertEquals("b@b.test", wire.attributeValue("to"));
        assertEquals(Namespaces.CLIENT, original.getNamespaceURI());
    }

    @Test
    void trustAnchorsFromAPemFileTrustOnlyThem(@TempDir Path dir) throws Exception {
        X509Certificate a = certificate(dir, "a.test");
        X509Certificate b = certificate(dir, "b.test");
        Path pem = dir.resolve("anchors.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(a.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        S2sTls tls = new S2sTls(dir, "c.test", "", S2sTls.anchors(pem));
        assertTrue(tls.trusted(new X509Certificate[] {a}));
        assertFalse(tls.trusted(new X509Certificate[] {b}));
        assertFalse(tls.trusted(new X509Certificate[0]));
    }

    private static X509Certificate certificate(Path dir, String domain) throws Exception {
        Peer.certificate(dir, domain);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(domain + ".p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) ks.getCertificate(domain);
    }
}
