package parlance.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLSocket;

/**
 * A byte-level XMPP client for inputs no real client would send (RFC 6120 §4.9, §11): writes raw text, reads what
 * the server answers, with a timeout on every read. Optionally from another loopback source address.
 */
public final class RawClient implements AutoCloseable {
    public static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='" + SharedServer.DOMAIN + "' version='1.0'>";

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean eof;

    private RawClient(Socket socket) throws IOException {
        use(socket);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(200);
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    /** Connects to the shared server's port {@code portName} from {@code localIp} (null: any). */
    public static RawClient connect(String portName, String localIp) throws IOException {
        Socket s = new Socket();
        if (localIp != null) {
            s.bind(new InetSocketAddress(localIp, 0));
        }
        s.connect(new InetSocketAddress("127.0.0.1", SharedServer.get().port(portName)), 5000);
        return new RawClient(s);
    }

    public static RawClient connect() throws IOException {
        return connect("c2s.port", null);
    }

    /** Direct TLS (XEP-0368) to the c2s.tls port, trusting exactly the server's certificate. */
    public static RawClient connectDirectTls() throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", SharedServer.get().port("c2s.tls.port")), 5000);
        SSLSocket tls = (SSLSocket) Clients.sslContext().getSocketFactory().createSocket(plain, SharedServer.DOMAIN,
                plain.getPort(), true);
        tls.setSoTimeout(5000);
        tls.startHandshake();
        return new RawClient(tls);
    }

    public Socket socket() {
        return socket;
    }

    public RawClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Everything received so far. */
    public String received() {
        return new String(received.toByteArray(), StandardCharsets.UTF_8);
    }

    public boolean closedByServer() {
        return eof;
    }

    /** Reads until the received text contains {@code text}, the server closes, or the timeout; returns all received. */
    public String readUntil(String text, long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buf = new byte[8192];
        while (!eof && !received().contains(text) && System.currentTimeMillis() < deadline) {
            try {
                int n = in.read(buf);
                if (n < 0) {
                    eof = true;
                } else {
                    received.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // poll again
            } catch (IOException e) {
                eof = true; // reset by the server counts as closed
            }
        }
        return received();
    }

    /** Reads until the server closes the connection (true) or the timeout (false). */
    public boolean readToEnd(long timeoutMillis) throws IOException {
        readUntil("\u0000never\u0000", timeoutMillis);
        return eof;
    }

    /** Opens the stream and waits for the features. */
    public String open() throws IOException {
        received.reset(); // answers to earlier streams (e.g. before a restart) are not looked at again
        send(HEADER);
        return readUntil("</stream:features>", 5000);
    }

    /** STARTTLS (RFC 6120 §5.4) on a plain connection; returns the features of the restarted stream. */
    public String startTls() throws IOException {
        open();
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        String r = readUntil("<proceed", 5000);
        if (!r.contains("<proceed")) {
            throw new IOException("no proceed: " + r);
        }
        SSLSocket tls = (SSLSocket) Clients.sslContext().getSocketFactory().createSocket(socket, SharedServer.DOMAIN,
                socket.getPort(), true);
        tls.setSoTimeout(5000);
        tls.startHandshake();
        use(tls);
        received.reset();
        return open();
    }

    /**
     * A logged-in raw client: STARTTLS, SASL PLAIN, stream restart and resource binding (RFC 6120 §5-§7) from
     * {@code localIp}; returns the client with its bound full JID in {@link #received()}.
     */
    public static RawClient loggedIn(Clients.Account account, String localIp) throws IOException {
        RawClient raw = connect("c2s.port", localIp);
        try {
            raw.startTls();
            String answer = raw.plain(account.username, account.password);
            if (!answer.contains("<success")) {
                throw new IOException("login failed: " + answer);
            }
            raw.open();
            raw.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            String bound = raw.readUntil("</iq>", 5000);
            if (!bound.contains("<jid>")) {
                throw new IOException("bind failed: " + bound);
            }
            raw.jid = bound.substring(bound.indexOf("<jid>") + 5, bound.indexOf("</jid>"));
            return raw;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private String jid;

    /** The full JID bound by {@link #loggedIn}. */
    public String jid() {
        return jid;
    }

    /** SASL PLAIN (RFC 4616) on a TLS stream; returns the server's answer (success or failure element). */
    public String plain(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        int mark = received.size();
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + token + "</auth>");
        long deadline = System.currentTimeMillis() + 5000;
        String answer = "";
        while (System.currentTimeMillis() < deadline && !eof) {
            readUntil("\u0000", 100);
            answer = received().substring(mark);
            if (answer.contains("<success") || answer.contains("</failure>")) {
                break;
            }
        }
        return answer;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }
}
