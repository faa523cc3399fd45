package parlance.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** CPU time and resident memory of a process from /proc (proc(5): stat fields 14/15, status VmRSS). */
final class Proc {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private Proc() {
    }

    /** utime+stime of the process in microseconds, or -1 when unknown. */
    static long cpuMicros(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + (pid <= 0 ? "self" : Long.toString(pid)) + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) " field 3 (state) is f[0]; utime = field 14 -> f[11], stime = field 15 -> f[12]
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Runs a command (e.g. {@code jcmd PID GC.run}) bounded to 60 s; output is discarded. */
    static void run(String command) {
        if (command == null || command.isBlank()) {
            return;
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("cannot run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU of the server and of this generator between two points in time. */
    static final class Snap {
        final long nanos = System.nanoTime();
        final long server;
        final long client = cpuMicros(0);

        Snap(long serverPid) {
            server = serverPid > 0 ? cpuMicros(serverPid) : -1;
        }
    }
}
