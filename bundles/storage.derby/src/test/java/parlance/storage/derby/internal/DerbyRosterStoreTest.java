package parlance.storage.derby.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.storage.derby.internal.Fixtures.await;
import static parlance.storage.derby.internal.Fixtures.jid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import parlance.api.storage.Roster;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterItem.Subscription;

class DerbyRosterStoreTest {
    @TempDir
    Path home;
    DerbyDatabase db;
    DerbyRosterStore rosters;

    @BeforeEach
    void open() throws Exception {
        db = Fixtures.open(home);
        rosters = new DerbyRosterStore(db);
    }

    @AfterEach
    void close() {
        db.deactivate();
    }

    @Test
    void putReplacesItemsAndEveryChangeBumpsTheVersion() throws Exception {
        assertEquals(new Roster(0, List.of()).version(), await(rosters.roster("juliet")).version());
        RosterItem romeo = new RosterItem(jid("romeo", "example.net"), "Romeo", Subscription.NONE, true, false,
                false, Set.of("Friends", "Verona"));
        assertEquals(1L, await(rosters.put("juliet", romeo)));
        RosterItem server = new RosterItem(jid(null, "gateway.example.org"), null, Subscription.FROM, false, true,
                true, Set.of());
        assertEquals(2L, await(rosters.put("juliet", server)));
        RosterItem romeoBoth = romeo.withSubscription(Subscription.BOTH, false, false, false)
                .withNameAndGroups("R.", Set.of("Lovers"));
        assertEquals(3L, await(rosters.put("juliet", romeoBoth)));

        Roster r = await(rosters.roster("juliet"));
        assertEquals(3L, r.version());
        assertEquals(2, r.items().size());
        assertTrue(r.items().contains(romeoBoth), r.items().toString());
        assertTrue(r.items().contains(server), r.items().toString());

        assertEquals(4L, await(rosters.remove("juliet", jid("romeo", "example.net").withResource("balcony"))));
        assertEquals(4L, await(rosters.remove("juliet", jid("tybalt", "example.net"))), "no item: version kept");
        assertEquals(List.of(server), await(rosters.roster("juliet")).items());
        assertEquals(0L, await(rosters.roster("romeo")).version(), "versions are per user");
    }

    @Test
    void operationsForOneUserKeepSubmissionOrderUnderConcurrentLoad() throws Exception {
        int n = 200;
        ExecutorService others = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> noise = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String user = "other" + t;
            noise.add(others.submit(() -> {
                go.await();
                List<CompletionStage<Long>> s = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    s.add(rosters.put(user, item(i)));
                }
                for (CompletionStage<Long> st : s) {
                    await(st);
                }
                return null;
            }));
        }
        go.countDown();
        // submit puts and removes for juliet without waiting; each stage must report the next version, in order
        List<CompletionStage<Long>> versions = new ArrayList<>();
        List<CompletionStage<Roster>> snapshots = new ArrayList<>();
        List<Long> expectedSnapshotVersion = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            versions.add(rosters.put("juliet", item(i)));
            if (i % 3 == 2) {
                versions.add(rosters.remove("juliet", item(i - 1).jid()));
            }
            snapshots.add(rosters.roster("juliet")); // a read submitted right after a write sees that write
            expectedSnapshotVersion.add((long) versions.size());
        }
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(i + 1L, await(versions.get(i)), "stage " + i);
        }
        for (int i = 0; i < n; i++) {
            Roster snap = await(snapshots.get(i));
            assertEquals(expectedSnapshotVersion.get(i), snap.version(), "snapshot " + i);
            assertTrue(snap.items().contains(item(i)), "snapshot " + i + " sees put " + i);
        }
        for (Future<?> f : noise) {
            f.get(60, TimeUnit.SECONDS);
        }
        others.shutdown();
        assertEquals((long) n, await(rosters.roster("other0")).version());
    }

    private static RosterItem item(int i) {
        return new RosterItem(jid("contact" + i, "example.net"), "c" + i, Subscription.TO, false, false, false,
                Set.of("g" + (i % 5)));
    }
}
