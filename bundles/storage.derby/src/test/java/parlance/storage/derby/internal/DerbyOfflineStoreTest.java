package parlance.storage.derby.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.storage.derby.internal.Fixtures.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerbyOfflineStoreTest {
    @TempDir
    Path home;
    DerbyDatabase db;
    DerbyOfflineStore offline;

    @BeforeEach
    void open() throws Exception {
        db = Fixtures.open(home);
        offline = new DerbyOfflineStore(db);
    }

    @AfterEach
    void close() {
        db.deactivate();
    }

    @Test
    void keepsArrivalOrderAndTakeAllEmptiesTheStore() throws Exception {
        List<CompletionStage<Boolean>> stored = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stored.add(offline.store("juliet", "<message id='m" + i + "'><body>ü " + i + "</body></message>", 100));
        }
        for (CompletionStage<Boolean> s : stored) {
            assertTrue(await(s));
        }
        await(offline.store("romeo", "<message id='r'/>", 100));
        assertEquals(50, (int) await(offline.count("juliet")));
        List<String> all = await(offline.takeAll("juliet"));
        assertEquals(50, all.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("<message id='m" + i + "'><body>ü " + i + "</body></message>", all.get(i));
        }
        assertEquals(0, (int) await(offline.count("juliet")));
        assertEquals(List.of(), await(offline.takeAll("juliet")));
        assertEquals(List.of("<message id='r'/>"), await(offline.takeAll("romeo")));
    }

    @Test
    void largeMessagesAreStoredWhole() throws Exception {
        String big = "<message><body>" + "x".repeat(200_000) + "</body></message>";
        assertTrue(await(offline.store("juliet", big, 10)));
        assertEquals(List.of(big), await(offline.takeAll("juliet")));
    }

    @Test
    void theLimitHoldsUnderConcurrentStores() throws Exception {
        int limit = 7;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int k = i;
            results.add(pool.submit(() -> {
                go.await();
                return await(offline.store("juliet", "<message id='" + k + "'/>", limit));
            }));
        }
        go.countDown();
        int accepted = 0;
        for (Future<Boolean> f : results) {
            if (f.get(60, TimeUnit.SECONDS)) {
                accepted++;
            }
        }
        pool.shutdown();
        assertEquals(limit, accepted);
        assertEquals(limit, (int) await(offline.count("juliet")));
        assertFalse(await(offline.store("juliet", "<message/>", limit)), "full: refused");
        assertTrue(await(offline.store("juliet", "<message/>", limit + 1)), "a higher limit admits one more");
    }
}
