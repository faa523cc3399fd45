package parlance.irc.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted IRC server on a loopback port: welcomes any nick not in {@link #taken} (001) or refuses it (433),
 * answers JOIN with the echo, a topic, a NAMES list ({@code @bob carol} plus the joiner) and RPL_ENDOFNAMES, and
 * records every line it receives. {@link #send} writes a line to the last client.
 */
final class FakeIrcServer implements AutoCloseable {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final Set<String> taken = ConcurrentHashMap.newKeySet();
    private final ServerSocket server;
    private volatile Socket client;
    private volatile String nick = "*";

    FakeIrcServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "fake-irc");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                client = s;
                Thread t = new Thread(() -> serve(s), "fake-irc-client");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // server closed
        }
    }

    private void serve(Socket s) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                received.add(line);
                String[] w = line.split(" ");
                switch (w[0]) {
                    case "NICK" -> nick = w[1];
                    case "USER" -> send(taken.contains(nick) ? ":fake.server 433 * " + nick + " :Nickname is already in use"
                            : ":fake.server 001 " + nick + " :Welcome to the fake network " + nick);
                    case "JOIN" -> {
                        send(":" + nick + "!x@127.0.0.1 JOIN " + w[1]);
                        send(":fake.server 332 " + nick + " " + w[1] + " :All about testing");
                        send(":fake.server 353 " + nick + " = " + w[1] + " :" + nick + " @bob carol");
                        send(":fake.server 366 " + nick + " " + w[1] + " :End of NAMES list");
                    }
                    case "QUIT" -> s.close();
                    default -> {
                    }
                }
            }
        } catch (IOException closed) {
            // client gone
        }
    }

    /** Writes a line (CR LF added) to the last client. */
    synchronized void send(String line) {
        try {
            OutputStream out = client.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next received line starting with {@code prefix}, skipping others; fails after ten seconds. */
    String expect(String prefix) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            String line = received.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the IRC server did not receive " + prefix + "; got " + received);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket c = client;
        if (c != null) {
            c.close();
        }
    }
}
