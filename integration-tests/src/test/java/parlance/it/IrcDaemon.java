package parlance.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's ngIRCd ({@code /usr/sbin/ngircd}) in the foreground on a free loopback port, configured from a file in a
 * fresh folder: no ident, DNS or PAM lookups, no PID file, no MOTD file. Stopped with SIGTERM on close.
 */
final class IrcDaemon implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/ngircd");
    static final String NAME = "irc.parlance.test";

    private final Process process;
    private final int port;
    private final Path log;

    private IrcDaemon(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts ngIRCd and waits until its port accepts connections. */
    static IrcDaemon start() throws Exception {
        Path dir = Distribution.freshDir("ngircd");
        int port = Distribution.freePort();
        Path conf = dir.resolve("ngircd.conf");
        Files.writeString(conf, String.join("\n",
                "[Global]",
                "Name = " + NAME,
                "Info = Parlance IRC gateway test",
                "AdminInfo1 = Parlance tests",
                "AdminInfo2 = localhost",
                "AdminEMail = nobody@localhost",
                "Listen = 127.0.0.1",
                "Ports = " + port,
                "MotdPhrase = Parlance IRC gateway test",
                "PidFile = " + dir.resolve("ngircd.pid"),
                "[Limits]",
                "MaxConnectionsIP = 0",
                "[Options]",
                "Ident = no",
                "DNS = no",
                "PAM = no",
                ""), StandardCharsets.UTF_8);
        Path log = dir.resolve("ngircd.log");
        Process p = new ProcessBuilder(BINARY.toString(), "-n", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        IrcDaemon d = new IrcDaemon(p, port, log);
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return d;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("ngircd exited: " + d.log());
                }
                Thread.sleep(100);
            }
        }
        d.close();
        throw new IllegalStateException("ngircd did not listen on " + port + ": " + d.log());
    }

    int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
