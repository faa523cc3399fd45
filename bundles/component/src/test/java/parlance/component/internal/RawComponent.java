package parlance.component.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A component's end of the socket, written by hand: raw XML out, text in (tests only). */
final class RawComponent implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("<stream:stream[^>]* id='([^']+)'");
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final StringBuilder received = new StringBuilder();
    private boolean eof;

    RawComponent(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(200);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    void send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Opens the stream to {@code domain} and returns the stream id the server answers with. */
    String open(String domain) throws IOException {
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
                + "xmlns:stream='http://etherx.jabber.org/streams' to='" + domain + "'>");
        Matcher m = ID.matcher(await("id='"));
        if (!m.find()) {
            throw new AssertionError("no stream id in " + received);
        }
        return m.group(1);
    }

    /** Opens the stream and completes the handshake with {@code secret}; returns what the server sent. */
    String connect(String domain, String secret) throws IOException {
        String id = open(domain);
        send("<handshake>" + Secrets.handshake(id, secret) + "</handshake>");
        return await("<handshake");
    }

    /** Reads until {@code marker} appears (or the server closes, or 10 s pass); returns everything so far. */
    String await(String marker) throws IOException {
        long end = System.nanoTime() + 10_000_000_000L;
        byte[] buf = new byte[4096];
        while (!received.toString().contains(marker) && !eof && System.nanoTime() < end) {
            try {
                int n = in.read(buf);
                if (n < 0) {
                    eof = true;
                } else {
                    received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                eof = true; // reset by the server
            }
        }
        return received.toString();
    }

    /** Reads until the server closes the connection (at most 10 s); true when it did. */
    boolean awaitClosed() throws IOException {
        await("\u0000never");
        return eof;
    }

    String received() {
        return received.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
