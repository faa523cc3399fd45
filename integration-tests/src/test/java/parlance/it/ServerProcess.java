package parlance.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar parlance.jar} as a child process with its own home, free ports and working directory; its
 * output is collected line by line. Tests start it, wait for {@code Parlance ready}, and stop it with SIGTERM.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> ports;
    private final Path home;
    private final Thread pump;

    private ServerProcess(Process process, Map<String, Integer> ports, Path home) {
        this.process = process;
        this.ports = ports;
        this.home = home;
        pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "server-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts the server in {@code workDir} with home {@code home}; every listener on a free port. */
    public static ServerProcess start(Path workDir, Path home, String... extraProperties) throws IOException {
        Map<String, Integer> ports = new TreeMap<>();
        for (String name : new String[] {"c2s.port", "c2s.tls.port", "s2s.port", "component.port", "http.port",
                "http.tls.port", "filetransfer.port", "s2s.tls.port"}) {
            ports.put(name, Distribution.freePort());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dparlance.home=" + home);
        cmd.add("-Dparlance.bind=127.0.0.1");
        ports.forEach((k, v) -> cmd.add("-Dparlance." + k + "=" + v));
        for (String p : extraProperties) {
            cmd.add("-D" + p);
        }
        cmd.add("-jar");
        cmd.add(Distribution.jar().toString());
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        return new ServerProcess(p, ports, home);
    }

    public int port(String name) {
        return ports.get(name);
    }

    public Path home() {
        return home;
    }

    public Process process() {
        return process;
    }

    /** Waits for a line containing {@code text}; returns it. */
    public String awaitLine(String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (String line : lines) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line with '" + text + "' within " + timeoutMillis + " ms; output:\n"
                + String.join("\n", lines));
    }

    public String output() {
        return String.join("\n", lines);
    }

    /**
     * Sends SIGTERM and waits up to {@code millis}; true when the process exited in time. Signals through the
     * process handle: {@code Process.destroy()} would also close our end of its output, losing the last lines.
     */
    public boolean terminate(long millis) throws InterruptedException {
        process.toHandle().destroy();
        boolean exited = process.waitFor(millis, TimeUnit.MILLISECONDS);
        if (exited) {
            pump.join(2000);
        }
        return exited;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
