package parlance.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** A plain IRC client over a socket (RFC 2812): registers a nick, answers PING, and queues every line it reads. */
final class IrcRawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    IrcRawClient(int port, String nick) throws Exception {
        socket = new Socket("127.0.0.1", port);
        out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "irc-client-" + nick);
        reader.setDaemon(true);
        reader.start();
        send("NICK " + nick);
        send("USER " + nick + " 0 * :Raw test client");
        expect("RPL_WELCOME", " 001 " + nick + " ");
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                if (line.startsWith("PING ")) {
                    send("PONG " + line.substring(5));
                } else {
                    lines.add(line);
                }
            }
        } catch (IOException closed) {
            // socket closed
        }
    }

    synchronized void send(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Joins a channel and waits for the end of its NAMES list. */
    void join(String channel) throws InterruptedException {
        send("JOIN " + channel);
        expect("RPL_ENDOFNAMES", " 366 ");
    }

    /** The next line containing {@code text}, skipping others; fails after ten seconds. */
    String expect(String what, String text) throws InterruptedException {
        return expectMatching(what, Pattern.compile(Pattern.quote(text)));
    }

    String expectMatching(String what, Pattern pattern) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        for (long left = 10_000; left > 0; left = deadline - System.currentTimeMillis()) {
            String line = lines.poll(left, TimeUnit.MILLISECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            if (pattern.matcher(line).find()) {
                return line;
            }
        }
        throw new AssertionError("IRC: no " + what + " within 10 s; read meanwhile:\n" + String.join("\n", seen));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
