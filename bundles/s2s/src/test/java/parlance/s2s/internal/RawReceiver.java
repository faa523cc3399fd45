package parlance.s2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A hand-driven receiving server: accepts one connection from a {@link Peer}, takes it through STARTTLS with the
 * certificate of {@code domain}, offers the features it is told to, and then says what a test wants it to say.
 */
final class RawReceiver implements AutoCloseable {
    private final ServerSocket server;
    private final Path home;
    private final String domain;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Whether the TLS handshake asks for the connecting server's certificate (any issuer accepted). */
    boolean wantClientAuth;

    RawReceiver(Path home, String domain) throws IOException {
        this.server = new ServerSocket(0);
        this.home = home;
        this.domain = domain;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Accepts, answers the header, STARTTLS, then the second header with {@code features}; returns what came. */
    String acceptAndSecure(String peer, String features) throws Exception {
        socket = server.accept();
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        readUntil(">");
        write(header(peer, "first") + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                + "<required/></starttls></stream:features>");
        readUntil("<starttls");
        readUntil(">");
        write("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        Peer.certificate(home.resolve(domain), domain);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream p12 = Files.newInputStream(home.resolve(domain).resolve(domain + ".p12"))) {
            ks.load(p12, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), wantClientAuth ? new javax.net.ssl.TrustManager[] {new RawServer.TrustAll()}
                : null, null);
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.setWantClientAuth(wantClientAuth);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        String header = readUntil(">");
        write(header(peer, "second") + "<stream:features>" + features + "</stream:features>");
        return header;
    }

    private String header(String peer, String id) {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
                + " xmlns:stream='http://etherx.jabber.org/streams' from='" + domain + "' to='" + peer + "' id='"
                + id + "' version='1.0'>";
    }

    void write(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads until one of {@code markers} was seen (or the connection ends); returns what was read. */
    String readUntilAny(String... markers) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (java.util.Arrays.stream(markers).noneMatch(m -> sb.indexOf(m) >= 0)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    /** Reads until {@code marker} was seen (or the connection ends); returns what was read. */
    String readUntil(String marker) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.indexOf(marker) < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
