package parlance.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.element.FileTooLargeError;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.httpfileupload.element.SlotRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.DomainBareJid;

/**
 * HTTP file upload (XEP-0363) end to end on a server of its own with a 20000-byte file limit and a 50000-byte quota
 * ({@code -Dparlance.upload.*}): Smack's {@link HttpFileUploadManager} discovers {@code upload.localhost} (§2),
 * gets a slot (§4) and PUTs a file over HTTPS; {@link HttpClient} fetches it back byte-identical with the safety
 * headers; a second PUT to the same slot is refused; a too-large request gets {@code not-acceptable} with
 * {@code <file-too-large/>} (§4.1) and one over the quota {@code resource-constraint} (type wait); after a restart
 * the stored file is still served and still counts against the quota.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HttpUploadIT {
    static final long MAX = 20_000;

    @Test
    @DisplayName("XEP-0363: upload with Smack, download byte-identical; too large and over quota refused; restart")
    void uploadDownloadLimitsAndRestart() throws Exception {
        try (PrivateServer server = PrivateServer.start("http-upload", "parlance.upload.max.file.size=" + MAX,
                "parlance.upload.quota=50000")) {
            server.register("alice");
            XMPPTCPConnection alice = server.login("alice", "laptop");
            SSLContext tls = trusting(server.home().resolve("etc/tls/" + PrivateServer.DOMAIN + ".crt"));
            HttpFileUploadManager manager = HttpFileUploadManager.getInstanceFor(alice);
            assertTrue(manager.discoverUploadService(), "upload.localhost is found through disco (XEP-0363 §2)");
            DomainBareJid service = manager.getDefaultUploadService().getAddress();
            assertEquals("upload." + PrivateServer.DOMAIN, service.toString());
            assertEquals(MAX, manager.getDefaultUploadService().getMaxFileSize());
            manager.setTlsContext(tls);

            byte[] data = new byte[12_000];
            new SecureRandom().nextBytes(data);
            Path file = Files.createTempFile("parlance-upload", ".bin");
            Files.write(file, data);
            URL get = manager.uploadFile(file.toFile());
            assertTrue(get.toString().startsWith("https://" + PrivateServer.DOMAIN + ":"
                    + server.process().port("http.tls.port") + "/upload/"), get.toString());

            HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(get.toURI()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            assertArrayEquals(data, got.body(), "the download is byte-identical");
            assertEquals("application/octet-stream", got.headers().firstValue("Content-Type").orElse(""));
            assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertTrue(got.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
            assertTrue(got.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
            assertEquals("*", got.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(get.toString() + "x")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());

            // one PUT per slot
            Slot slot = manager.requestSlot("second.txt", 5, "text/plain");
            assertEquals(201, put(http, slot.getPutUrl(), "hello", "text/plain"));
            assertEquals(409, put(http, slot.getPutUrl(), "hello", "text/plain"));

            // XEP-0363 §4.1: too large, sent raw since Smack refuses it client-side
            XMPPErrorException tooLarge = assertThrows(XMPPErrorException.class, () -> alice
                    .sendIqRequestAndWaitForResponse(new SlotRequest(service, "big.iso", MAX + 1, null)));
            assertEquals(StanzaError.Condition.not_acceptable, tooLarge.getStanzaError().getCondition());
            FileTooLargeError detail = tooLarge.getStanzaError().getExtension(FileTooLargeError.ELEMENT,
                    FileTooLargeError.NAMESPACE);
            assertNotNull(detail, "the error carries <file-too-large/>");
            assertEquals(MAX, detail.getMaxFileSize());

            // quota: 12005 stored + 20000 reserved by an open slot, so another 20000 exceeds 50000
            assertNotNull(manager.requestSlot("one.bin", MAX));
            XMPPErrorException quota = assertThrows(XMPPErrorException.class,
                    () -> manager.requestSlot("two.bin", MAX));
            assertEquals(StanzaError.Condition.resource_constraint, quota.getStanzaError().getCondition());
            assertEquals(StanzaError.Type.WAIT, quota.getStanzaError().getType());

            // a restart (new ports): files are still served and still count (the unused slot's reservation is gone)
            int oldPort = server.process().port("http.tls.port");
            server.restart();
            URI moved = URI.create(get.toString().replace(":" + oldPort + "/",
                    ":" + server.process().port("http.tls.port") + "/"));
            XMPPTCPConnection again = server.login("alice", "laptop");
            HttpFileUploadManager after = HttpFileUploadManager.getInstanceFor(again);
            assertTrue(after.discoverUploadService());
            HttpResponse<byte[]> still = http.send(HttpRequest.newBuilder(moved).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(data, still.body(), "served after a restart");
            assertNotNull(after.requestSlot("one.bin", MAX));
            assertEquals(StanzaError.Condition.resource_constraint, assertThrows(XMPPErrorException.class,
                    () -> after.requestSlot("two.bin", MAX)).getStanzaError().getCondition());
            Files.deleteIfExists(file);
        }
    }

    private static int put(HttpClient http, URL url, String body, String type) throws Exception {
        return http.send(HttpRequest.newBuilder(url.toURI()).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            ks.setCertificateEntry("parlance", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }
}
