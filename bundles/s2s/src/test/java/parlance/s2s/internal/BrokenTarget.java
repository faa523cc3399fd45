package parlance.s2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A candidate target that accepts TCP connections and then fails them in a scripted way (a broken TLS handshake, a
 * stream error), to check that the initiating server moves on to its next candidate (RFC 6120 §3.2.1 step 6).
 */
final class BrokenTarget implements AutoCloseable {
    /** What the target does with one accepted connection. */
    interface Script {
        void run(Socket socket, InputStream in) throws IOException;
    }

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread thread;

    BrokenTarget(Script script) throws IOException {
        server = new ServerSocket(0);
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                    s.setSoTimeout(10_000);
                    script.run(s, s.getInputStream());
                } catch (IOException e) {
                    // closed, or the client went away: next connection
                }
            }
        }, "broken-target");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** STARTTLS is offered and agreed, then bytes that are no TLS record come: the handshake fails. */
    static Script startTlsThenGarbage() {
        return (s, in) -> {
            readUntil(in, "<stream:stream");
            readUntil(in, ">"); // the client's stream header
            write(s, header() + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
                    + "</starttls></stream:features>");
            readUntil(in, "/>");
            write(s, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            write(s, "HTTP/1.1 400 Bad Request\r\n\r\n");
        };
    }

    /** A plain-text answer where a direct-TLS handshake was expected (XEP-0368): the handshake fails. */
    static Script plainTextWhereTlsWasExpected() {
        return (s, in) -> {
            write(s, "HTTP/1.1 400 Bad Request\r\n\r\n");
            in.read(new byte[512]);
        };
    }

    /** The stream is answered with a stream error (RFC 6120 §4.9.3.6) before anything was authenticated. */
    static Script hostUnknown() {
        return (s, in) -> {
            readUntil(in, "<stream:stream");
            readUntil(in, ">");
            write(s, header() + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                    + "</stream:error></stream:stream>");
            readUntil(in, "</stream:stream>");
        };
    }

    private static String header() {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
                + " xmlns:stream='http://etherx.jabber.org/streams' from='b.test' id='broken' version='1.0'>";
    }

    private static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static void readUntil(InputStream in, String marker) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.indexOf(marker) < 0) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
