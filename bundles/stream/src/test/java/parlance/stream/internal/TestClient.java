package parlance.stream.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.dom4j.Element;
import parlance.xml.StreamHeader;
import parlance.xml.XmlStreamException;
import parlance.xml.XmppStreamListener;
import parlance.xml.XmppStreamParser;

/** A blocking XMPP client over a real socket, reading with our own stream parser; every wait is bounded. */
final class TestClient implements AutoCloseable {
    static final String EOF = "EOF";
    static final String CLOSED = "CLOSED";
    static final long TIMEOUT_MS = 5000;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final Deque<Object> events = new ArrayDeque<>();
    private final XmppStreamParser parser;
    final String domain;

    TestClient(int port, String domain) throws IOException {
        this(plain(port), domain);
    }

    private TestClient(Socket socket, String domain) throws IOException {
        this.domain = domain;
        use(socket);
        parser = new XmppStreamParser(new XmppStreamListener() {
            @Override
            public void streamOpened(StreamHeader header) {
                events.add(header);
            }

            @Override
            public void element(Element element) {
                events.add(element);
            }

            @Override
            public void streamClosed() {
                events.add(CLOSED);
            }
        }, 1 << 20);
    }

    /** Connects to the direct TLS port (XEP-0368) trusting only {@code cert}. */
    static TestClient directTls(int port, String domain, Path cert, String... alpn) throws Exception {
        Socket raw = plain(port);
        return new TestClient(upgrade(raw, domain, cert, alpn), domain);
    }

    private static Socket plain(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(200);
        return s;
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    static SSLSocket upgrade(Socket raw, String host, Path cert, String... alpn) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream pem = Files.newInputStream(cert)) {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(pem);
            ks.setCertificateEntry("server", c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, raw.getPort(), true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // checks the subjectAltName dNSName
        if (alpn.length > 0) {
            params.setApplicationProtocols(alpn);
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(200);
        ssl.startHandshake();
        return ssl;
    }

    void send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void openStream() throws IOException {
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
                + " to='" + domain + "' version='1.0'>");
    }

    /** Opens a stream and returns the server's features. */
    Element open() throws IOException {
        openStream();
        Object header = next();
        if (!(header instanceof StreamHeader)) {
            throw new AssertionError("expected a stream header, got " + header);
        }
        return element();
    }

    /** STARTTLS (RFC 6120 §5.4) and the TLS handshake, trusting only {@code cert}; returns the new features. */
    Element startTls(Path cert) throws Exception {
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        Element proceed = element();
        if (!"proceed".equals(proceed.getName())) {
            throw new AssertionError("expected proceed: " + proceed.asXML());
        }
        use(upgrade(socket, domain, cert));
        parser.reset();
        return open();
    }

    SSLSocket ssl() {
        return (SSLSocket) socket;
    }

    /** PLAIN authentication; returns the server's answer (success or failure). */
    Element authPlain(String user, String password) throws IOException {
        String b64 = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + b64 + "</auth>");
        Element answer = element();
        if ("success".equals(answer.getName())) {
            parser.reset();
        }
        return answer;
    }

    /** TLS and PLAIN login, without binding (XEP-0198 resumption comes here); returns the post-auth features. */
    Element authenticate(Path cert, String user) throws Exception {
        open();
        startTls(cert);
        Element success = authPlain(user, "secret");
        if (!"success".equals(success.getName())) {
            throw new AssertionError("login failed: " + success.asXML());
        }
        return open();
    }

    /** TLS, PLAIN login and resource binding; returns the bind result. */
    Element login(Path cert, String user, String resource) throws Exception {
        authenticate(cert, user);
        send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + (resource == null ? "" : "<resource>" + resource + "</resource>") + "</bind></iq>");
        return element();
    }

    Element element() throws IOException {
        Object o = next();
        if (!(o instanceof Element)) {
            throw new AssertionError("expected an element, got " + o);
        }
        return (Element) o;
    }

    /** The next event: a StreamHeader, an Element, CLOSED or EOF. */
    Object next() throws IOException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        byte[] buf = new byte[8192];
        while (events.isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for the server");
            }
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return EOF; // reset by the server
            }
            if (n < 0) {
                return EOF;
            }
            try {
                parser.feed(buf, 0, n);
            } catch (XmlStreamException e) {
                throw new AssertionError("server sent bad XML", e);
            }
        }
        return events.poll();
    }

    /** Reads until the stream error, returning its condition name, and checks that the server then closes. */
    String streamError() throws IOException {
        Object o;
        while ((o = next()) instanceof StreamHeader) {
            // the server opens its stream first when the error comes before its header (RFC 6120 §4.9.1.2)
        }
        if (!(o instanceof Element) || !"error".equals(((Element) o).getName())) {
            throw new AssertionError("expected stream:error, got " + o);
        }
        Element condition = (Element) ((Element) o).elements().get(0);
        Object after = next();
        if (after != CLOSED) {
            throw new AssertionError("expected </stream:stream>, got " + after);
        }
        return condition.getName();
    }

    /** True when the server closes the socket within the timeout. */
    boolean closedByServer() throws IOException {
        Object o;
        while ((o = next()) != EOF) {
            // skip what is left
        }
        return true;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // ignore
        }
    }
}
