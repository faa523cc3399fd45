package parlance.storage.derby.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.storage.derby.internal.Fixtures.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives kill -9: a child JVM writes, is killed with SIGKILL, and the data is there. */
class DurabilityTest {
    @TempDir
    Path home;

    @Test
    void acknowledgedWritesSurviveAKilledProcess() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), home.toString()).redirectErrorStream(true).start();
        try {
            CompletableFuture<Boolean> acked = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.equals("ACKED")) {
                            return true;
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(acked.get(60, TimeUnit.SECONDS), "child acknowledged its writes");
        } finally {
            child.destroyForcibly(); // SIGKILL: no deactivate, no Derby shutdown
            child.waitFor(30, TimeUnit.SECONDS);
        }

        DerbyDatabase db = Fixtures.open(home); // Derby recovers from its log
        try {
            assertTrue(await(new DerbyUserStore(db).exists("juliet")));
            assertEquals(1L, await(new DerbyRosterStore(db).roster("juliet")).version());
            List<String> messages = await(new DerbyOfflineStore(db).takeAll("juliet"));
            assertEquals(5, messages.size());
            assertEquals("<message id='4'/>", messages.get(4));
        } finally {
            db.deactivate();
        }
    }
}
