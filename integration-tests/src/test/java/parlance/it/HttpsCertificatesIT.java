package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with the server's certificate, the console's Secure cookie over it, and the certificates page: a new
 * certificate uploaded through the JSON API is presented by new direct-TLS (XEP-0368) and HTTPS connections within
 * seconds, without a restart. Runs its own server, since it replaces the certificate.
 */
class HttpsCertificatesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String PASSWORD = "https-it-secret";

    /** Accepts any server certificate (no host name check either) and remembers the last leaf seen. */
    private static final class Recording extends X509ExtendedTrustManager {
        final AtomicReference<X509Certificate> seen = new AtomicReference<>();

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen.set(chain[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            seen.set(chain[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
            seen.set(chain[0]);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static SSLContext context(X509TrustManager tm) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, null);
        return ctx;
    }

    private static X509Certificate c2sTlsCertificate(int port) throws Exception {
        Recording tm = new Recording();
        try (SSLSocket s = (SSLSocket) context(tm).getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.startHandshake();
        }
        return tm.seen.get();
    }

    private static X509Certificate httpsCertificate(int port) throws Exception {
        Recording tm = new Recording();
        HttpClient c = HttpClient.newBuilder().sslContext(context(tm)).connectTimeout(TIMEOUT).build();
        c.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/admin/login")).timeout(TIMEOUT)
                .build(), HttpResponse.BodyHandlers.discarding());
        return tm.seen.get();
    }

    private static String fingerprint(X509Certificate c) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void httpsServesTheConsoleWithSecureCookiesAndAnUploadedCertificateIsUsedWithoutRestart() throws Exception {
        Path home = Distribution.freshDir("https-home");
        try (ServerProcess server = ServerProcess.start(Distribution.freshDir("https-cwd"), home,
                "parlance.admin.password=" + PASSWORD, "parlance.domain=localhost")) {
            String ready = server.awaitLine("Parlance ready", 60_000);
            int https = server.port("http.tls.port");
            int c2sTls = server.port("c2s.tls.port");
            assertTrue(ready.contains("https 127.0.0.1:" + https), ready);

            X509Certificate generated;
            try (InputStream in = Files.newInputStream(home.resolve("etc/tls/localhost.crt"))) {
                generated = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            assertEquals(generated, httpsCertificate(https), "HTTPS presents the c2s certificate");

            // the console over HTTPS: the session cookie carries Secure
            Recording tm = new Recording();
            HttpClient http = HttpClient.newBuilder().sslContext(context(tm)).connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            // Jetty answers 400 "Invalid SNI" when the Host is not a name of the certificate (localhost here)
            String base = "https://localhost:" + https + "/admin";
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + PASSWORD
                            + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie.contains("; Secure"), setCookie);
            Matcher m = Pattern.compile("parlance_admin=([^;]+)").matcher(setCookie);
            assertTrue(m.find());
            String cookie = "parlance_admin=" + m.group(1);
            HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                    .timeout(TIMEOUT).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            Matcher t = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(session.body());
            assertTrue(t.find(), session.body());
            String csrf = t.group(1);

            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base + "/api/certificates"))
                    .timeout(TIMEOUT).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, list.statusCode(), list.body());
            assertTrue(list.body().contains(fingerprint(generated)), list.body());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/certificates"))
                    .timeout(TIMEOUT).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains(fingerprint(generated)), "the page shows the fingerprint");

            // a new self-signed certificate, made by keytool, uploaded as PEM (chain + key)
            Path p12 = home.resolve("new.p12");
            Process kt = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                    "-alias", "a", "-keyalg", "RSA", "-dname", "CN=localhost, O=Uploaded", "-ext", "SAN=dns:localhost",
                    "-validity", "30").redirectErrorStream(true).start();
            kt.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertTrue(kt.waitFor(60, TimeUnit.SECONDS) && kt.exitValue() == 0, "keytool");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, "changeit".toCharArray());
            }
            X509Certificate uploaded = (X509Certificate) ks.getCertificate("a");
            PrivateKey key = (PrivateKey) ks.getKey("a", "changeit".toCharArray());
            String body = pem("CERTIFICATE", uploaded.getEncoded()) + pem("PRIVATE KEY", key.getEncoded());

            HttpResponse<String> noCsrf = http.send(HttpRequest.newBuilder(URI.create(base + "/api/certificates"))
                    .timeout(TIMEOUT).header("Cookie", cookie).header("Content-Type", "application/x-pem-file")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, noCsrf.statusCode());
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(base + "/api/certificates"))
                    .timeout(TIMEOUT).header("Cookie", cookie).header("X-CSRF-Token", csrf)
                    .header("Content-Type", "application/x-pem-file")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, up.statusCode(), up.body());
            assertTrue(up.body().contains(fingerprint(uploaded)), up.body());
            assertTrue(Files.exists(home.resolve("etc/tls/localhost.crt.bak")), "old certificate kept");

            long deadline = System.currentTimeMillis() + 15_000;
            X509Certificate c2s = null;
            X509Certificate web = null;
            while (System.currentTimeMillis() < deadline) {
                c2s = c2sTlsCertificate(c2sTls);
                try {
                    web = httpsCertificate(https);
                } catch (java.io.IOException restarting) {
                    web = null; // Jetty restarts its connectors with the new keystore
                }
                if (uploaded.equals(c2s) && uploaded.equals(web)) {
                    break;
                }
                Thread.sleep(250);
            }
            assertEquals(uploaded, c2s, "new direct TLS connections present the uploaded certificate");
            assertEquals(uploaded, web, "new HTTPS connections present the uploaded certificate");
            assertTrue(server.process().isAlive());
        }
    }
}
