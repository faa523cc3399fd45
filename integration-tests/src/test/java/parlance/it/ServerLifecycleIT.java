package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The runtime contract of the packaged server: {@code java -jar parlance.jar} from any directory, a home of its
 * own, the {@code Parlance ready} line naming the open listeners, and a clean stop on SIGTERM within 5 s.
 */
class ServerLifecycleIT {

    @Test
    void startsReadyAndStopsOnSigtermWithinFiveSeconds() throws Exception {
        Path work = Distribution.freshDir("lifecycle-cwd");
        Path home = Distribution.freshDir("lifecycle-home");
        try (ServerProcess server = ServerProcess.start(work, home, "parlance.domain=lifecycle.example")) {
            long t0 = System.nanoTime();
            String ready = server.awaitLine("Parlance ready", 60_000);
            System.out.println("first start: " + ready + " (seen by the test after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            int c2s = server.port("c2s.port");
            int c2sTls = server.port("c2s.tls.port");
            assertTrue(ready.contains("c2s 127.0.0.1:" + c2s), "ready line names the c2s port: " + ready);
            assertTrue(ready.contains("c2s-tls 127.0.0.1:" + c2sTls), "ready line names the direct TLS port: " + ready);
            assertTrue(ready.contains("http 127.0.0.1:" + server.port("http.port")), "ready line names HTTP: " + ready);
            assertTrue(ready.contains("https 127.0.0.1:" + server.port("http.tls.port")),
                    "ready line names HTTPS: " + ready);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", c2s), 2000);
                assertTrue(s.isConnected());
            }
            assertTrue(Files.exists(home.resolve("etc/parlance.server.cfg")), "commented defaults written");
            assertTrue(Files.exists(home.resolve("logs/parlance.log")), "log file under <home>/logs");
            assertTrue(Files.readString(home.resolve("logs/parlance.log")).contains("Parlance ready"));
            try (var files = Files.list(work)) {
                assertEquals(0, files.count(), "nothing written to the working directory");
            }

            long s0 = System.nanoTime();
            assertTrue(server.terminate(5000), "exited within 5 s of SIGTERM");
            System.out.println("stop after SIGTERM: " + (System.nanoTime() - s0) / 1_000_000 + " ms, exit code "
                    + server.process().exitValue());
            assertTrue(server.output().contains("Parlance stopped"), "clean stop logged:\n" + server.output());
            assertTrue(!server.output().contains("Gogo"), "no console shell without -Dparlance.shell=true");
        }

        // a second start reuses the bundle cache and the written configuration
        try (ServerProcess again = ServerProcess.start(work, home)) {
            long t0 = System.nanoTime();
            String ready = again.awaitLine("Parlance ready", 60_000);
            System.out.println("second start: " + ready + " (seen after " + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            assertTrue(again.terminate(5000), "exited within 5 s of SIGTERM");
        }
    }

    @Test
    void adminShellOnTheConsoleWithParlanceShell() throws Exception {
        Path work = Distribution.freshDir("shell-cwd");
        Path home = Distribution.freshDir("shell-home");
        try (ServerProcess server = ServerProcess.start(work, home, "parlance.shell=true",
                "parlance.admin.password=shell-test-pw")) {
            server.awaitLine("Parlance ready", 60_000);
            var stdin = server.process().getOutputStream();
            stdin.write("parlance:useradd carol carol-password\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            server.awaitLine("Created account carol", 20_000);
            // a search, so that the admin account (created in the background at start) does not matter
            stdin.write("parlance:users caro\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            server.awaitLine("(1 account)", 20_000);
            assertTrue(server.terminate(5000), "exited within 5 s of SIGTERM");
        }
    }
}
