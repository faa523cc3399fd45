package parlance.irc.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted IRC server on a loopback port: welcomes any nick not in {@link #taken} (001) or refuses it (433),
 * answers JOIN with the echo, a topic, a NAMES list ({@code @bob carol} plus the joiner) and RPL_ENDOFNAMES, WHO of
 * a channel with 352 for those three ({@code H}, or the flags in {@link #flags}) and 315, ISON with the asked nicks
 * that are in {@link #online} (303), and offers the capabilities in {@link #caps} (CAP LS/REQ/END, holding 001 until
 * END). It records every line it receives after answering it, so a test that saw a line can count on the answer
 * having been written. {@link #send} writes a line to the last client.
 */
final class FakeIrcServer implements AutoCloseable {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final Set<String> taken = ConcurrentHashMap.newKeySet();
    final Set<String> online = ConcurrentHashMap.newKeySet();
    final Set<String> caps = ConcurrentHashMap.newKeySet();
    final Map<String, String> flags = new ConcurrentHashMap<>();
    private volatile boolean negotiating;
    private volatile boolean userSent;
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
                String[] w = line.split(" ");
                try {
                    answer(s, line, w);
                } catch (IllegalStateException clientGone) {
                    // the client closed while we answered: still record what it sent
                }
                received.add(line);
            }
        } catch (IOException closed) {
            // client gone
        }
    }

    private void answer(Socket s, String line, String[] w) throws IOException {
        switch (w[0]) {
            case "NICK" -> nick = w[1];
            case "USER" -> {
                userSent = true;
                if (!negotiating) {
                    welcome();
                }
            }
            case "CAP" -> cap(line, w[1]);
            case "WHO" -> {
                for (String n : new String[] {nick, "bob", "carol"}) {
                    send(":fake.server 352 " + nick + " " + w[1] + " u h fake.server " + n + " "
                            + flags.getOrDefault(n, "H") + " :0 " + n);
                }
                send(":fake.server 315 " + nick + " " + w[1] + " :End of WHO list");
            }
            case "ISON" -> {
                StringBuilder on = new StringBuilder();
                for (int i = 1; i < w.length; i++) {
                    if (online.contains(w[i])) {
                        on.append(on.length() == 0 ? "" : " ").append(w[i]);
                    }
                }
                send(":fake.server 303 " + nick + " :" + on);
            }
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

    private void welcome() {
        send(taken.contains(nick) ? ":fake.server 433 * " + nick + " :Nickname is already in use"
                : ":fake.server 001 " + nick + " :Welcome to the fake network " + nick);
    }

    /** IRCv3 capability negotiation, as far as the gateway uses it. */
    private void cap(String line, String sub) {
        switch (sub) {
            case "LS" -> {
                if (!caps.isEmpty()) {
                    negotiating = true;
                    send(":fake.server CAP * LS :multi-prefix " + String.join(" ", caps));
                }
            }
            case "REQ" -> send(":fake.server CAP * ACK " + line.substring(line.indexOf(':')));
            case "END" -> {
                negotiating = false;
                if (userSent) {
                    welcome();
                }
            }
            default -> {
            }
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
