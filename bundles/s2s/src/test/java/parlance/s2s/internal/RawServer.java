package parlance.s2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A hand-driven remote server over a socket, to send what a well-behaved peer never would. */
final class RawServer implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("<stream:stream[^>]* id='([^']+)'");
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final String from;
    private final String to;

    RawServer(Socket socket, String from, String to) throws IOException {
        this.socket = socket;
        this.from = from;
        this.to = to;
        socket.setSoTimeout(20_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Header, STARTTLS, header again, and a dialback key made with the claimed domain's own secret. */
    void dialback(DialbackKey keys) throws Exception {
        String header = header(from, to);
        write(header);
        readUntil("</stream:features>");
        write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        readUntil("<proceed");
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, to, socket.getPort(), true);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        String result = dialbackOverTls(keys);
        if (!result.contains("valid") || result.contains("invalid")) {
            throw new IllegalStateException("dialback failed: " + result);
        }
    }

    /** With TLS up: the header, the features, and a dialback key; returns the answer as read. */
    String dialbackOverTls(DialbackKey keys) throws IOException {
        write(header(from, to));
        features = readUntil("</stream:features>");
        Matcher m = ID.matcher(features);
        if (!m.find()) {
            throw new IllegalStateException("no stream id in " + features);
        }
        write("<db:result from='" + from + "' to='" + to + "'>" + keys.generate(to, from, m.group(1))
                + "</db:result>");
        return readUntil("/>");
    }

    /** The last stream header and features read by {@link #dialbackOverTls}. */
    String features;

    /**
     * A connection to a XEP-0368 direct-TLS port: TLS on connect with SNI {@code sni} and ALPN {@code alpn}
     * (none when empty); throws when the handshake fails.
     */
    static RawServer directTls(int port, String from, String to, String sni, String... alpn) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        javax.net.ssl.SSLParameters params = ssl.getSSLParameters();
        params.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(sni)));
        if (alpn.length > 0) {
            params.setApplicationProtocols(alpn);
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(20_000);
        try {
            ssl.startHandshake();
        } catch (IOException e) {
            ssl.close();
            throw e;
        }
        return new RawServer(ssl, from, to);
    }

    /** The ALPN protocol of a TLS connection ("" none, null no TLS). */
    String applicationProtocol() {
        return socket instanceof SSLSocket ? ((SSLSocket) socket).getApplicationProtocol() : null;
    }

    static String header(String from, String to) {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
                + " xmlns:stream='http://etherx.jabber.org/streams' from='" + from + "' to='" + to
                + "' version='1.0'>";
    }

    void write(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads until {@code marker} was seen (or the connection ends); returns what was read. */
    String readUntil(String marker) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        while (sb.indexOf(marker) < 0) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
