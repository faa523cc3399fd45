package parlance.storage.derby.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.storage.derby.internal.Fixtures.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.storage.StoredItem;
import parlance.api.storage.StoredNode;

/** XEP-0060 / XEP-0163 node and item storage on a real Derby database. */
class DerbyPubSubStoreTest {
    static final String PUBSUB = "pubsub.example.org";
    static final String PEP = "juliet@example.org";
    static final String BLOG = "princely_musings";
    static final String ROMEO = "romeo@example.net/orchard";
    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    @TempDir
    Path home;
    DerbyDatabase db;
    MutableClock clock;
    DerbyPubSubStore store;

    @BeforeEach
    void open() throws Exception {
        db = Fixtures.open(home);
        clock = new MutableClock(T0);
        store = new DerbyPubSubStore(db, clock);
    }

    @AfterEach
    void close() {
        db.deactivate();
    }

    private void reopen() throws Exception {
        db.deactivate();
        db = Fixtures.open(home);
        store = new DerbyPubSubStore(db, clock);
    }

    private StoredItem publish(String service, String node, String id, int maxItems) throws Exception {
        StoredItem item = await(store.publish(service, node, id, ROMEO, "<entry>" + id + "</entry>", maxItems));
        clock.advance(Duration.ofSeconds(1));
        return item;
    }

    private static List<String> ids(List<StoredItem> items) {
        return items.stream().map(StoredItem::id).collect(Collectors.toList());
    }

    private List<String> stored(String service, String node) throws Exception {
        return ids(await(store.items(service, node, 0)));
    }

    @Test
    void saveNodeUpsertsListsPerServiceAndDeleteSaysWhetherItExistedAcrossAReopen() throws Exception {
        assertEquals(List.of(), await(store.nodes(PUBSUB)));
        await(store.saveNode(new StoredNode(PUBSUB, BLOG, "<node><title>v1</title></node>")));
        await(store.saveNode(new StoredNode(PUBSUB, "news", "<node/>")));
        await(store.saveNode(new StoredNode(PUBSUB, BLOG, "<node><title>v2 ü</title></node>")));
        List<StoredNode> expected = List.of(new StoredNode(PUBSUB, "news", "<node/>"),
                new StoredNode(PUBSUB, BLOG, "<node><title>v2 ü</title></node>"));
        assertEquals(Set.copyOf(expected), Set.copyOf(await(store.nodes(PUBSUB))), "replaced, no duplicate");
        assertEquals(2, await(store.nodes(PUBSUB)).size());

        reopen();
        assertEquals(Set.copyOf(expected), Set.copyOf(await(store.nodes(PUBSUB))));
        assertTrue(await(store.deleteNode(PUBSUB, "news")));
        assertFalse(await(store.deleteNode(PUBSUB, "news")), "already gone");
        reopen();
        assertEquals(List.of(new StoredNode(PUBSUB, BLOG, "<node><title>v2 ü</title></node>")),
                await(store.nodes(PUBSUB)));
    }

    @Test
    void publishStoresOnAWorkerWithAMillisecondUtcTimestampAndItemsSurviveAReopen() throws Exception {
        clock.set(Instant.parse("2024-03-01T10:00:00.123456789Z"));
        StoredItem first = await(store.publish(PUBSUB, BLOG, "a", ROMEO, "<entry>ü</entry>", 10));
        assertTrue(clock.lastReader().startsWith("parlance-derby-"), "stored on a worker: " + clock.lastReader());
        assertNotEquals(Thread.currentThread().getName(), clock.lastReader());
        assertEquals(Instant.parse("2024-03-01T10:00:00.123Z"), first.published());
        clock.advance(Duration.ofSeconds(1));
        StoredItem second = await(store.publish(PUBSUB, BLOG, "b", null, null, 10)); // notification-only

        reopen();
        List<StoredItem> items = await(store.items(PUBSUB, BLOG, 0));
        assertEquals(List.of("a", "b"), ids(items));
        assertEquals(ROMEO, items.get(0).publisher());
        assertEquals("<entry>ü</entry>", items.get(0).payloadXml());
        assertEquals(first.published(), items.get(0).published());
        assertNull(items.get(1).publisher());
        assertEquals("", items.get(1).payloadXml());
        assertEquals(second.published(), items.get(1).published());
        publish(PUBSUB, BLOG, "c", 10);
        assertEquals(List.of("a", "b", "c"), stored(PUBSUB, BLOG), "new items follow the old after a reopen");
    }

    @Test
    void republishingAnIdReplacesTheItemAndMakesItTheNewest() throws Exception {
        publish(PUBSUB, BLOG, "a", 10);
        publish(PUBSUB, BLOG, "b", 10);
        publish(PUBSUB, BLOG, "c", 10);
        StoredItem again = await(store.publish(PUBSUB, BLOG, "a", "juliet@example.org/balcony", "<entry>v2</entry>",
                10));
        assertEquals(List.of("b", "c", "a"), stored(PUBSUB, BLOG));
        StoredItem newest = await(store.items(PUBSUB, BLOG, 1)).get(0);
        assertEquals("a", newest.id());
        assertEquals("<entry>v2</entry>", newest.payloadXml());
        assertEquals("juliet@example.org/balcony", newest.publisher());
        assertEquals(again.published(), newest.published());
    }

    @Test
    void publishTrimsTheOldestItemsBeyondMaxItemsAndZeroMeansNoLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            publish(PUBSUB, BLOG, "i" + i, 3);
        }
        assertEquals(List.of("i2", "i3", "i4"), stored(PUBSUB, BLOG));
        publish(PUBSUB, BLOG, "i3", 3); // a replacement does not push out another item
        assertEquals(List.of("i2", "i4", "i3"), stored(PUBSUB, BLOG));
        publish(PUBSUB, BLOG, "i5", 1); // a lowered limit applies to the whole node
        assertEquals(List.of("i5"), stored(PUBSUB, BLOG));
        for (int i = 6; i < 30; i++) {
            publish(PUBSUB, BLOG, "i" + i, 0);
        }
        publish(PUBSUB, BLOG, "last", -1);
        assertEquals(26, stored(PUBSUB, BLOG).size(), "no limit: nothing trimmed");
        publish("pubsub.example.net", BLOG, "elsewhere", 1);
        assertEquals(26, stored(PUBSUB, BLOG).size(), "trimming one node leaves other services alone");
    }

    @Test
    void itemsByMaxAreTheNewestAndByIdsTheExistingOnesBothOldestFirst() throws Exception {
        for (int i = 0; i < 6; i++) {
            publish(PUBSUB, BLOG, "i" + i, 0);
        }
        publish(PUBSUB, "news", "i1", 0);
        assertEquals(List.of("i3", "i4", "i5"), ids(await(store.items(PUBSUB, BLOG, 3))));
        assertEquals(List.of("i0", "i1", "i2", "i3", "i4", "i5"), ids(await(store.items(PUBSUB, BLOG, 100))));
        assertEquals(6, ids(await(store.items(PUBSUB, BLOG, -1))).size());
        assertEquals(List.of("i1", "i2", "i4"),
                ids(await(store.items(PUBSUB, BLOG, List.of("i4", "nope", "i1", "i2", "i4")))));
        assertEquals(List.of(), ids(await(store.items(PUBSUB, BLOG, List.of()))));
        assertEquals(List.of(), ids(await(store.items(PUBSUB, "no-such-node", 0))));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add("x" + i);
        }
        many.add("i5");
        many.add(0, "i0");
        assertEquals(List.of("i0", "i5"), ids(await(store.items(PUBSUB, BLOG, many))), "long id lists work");
    }

    @Test
    void retractDeletesOneItemAndSaysWhetherItExisted() throws Exception {
        publish(PUBSUB, BLOG, "a", 0);
        publish(PUBSUB, BLOG, "b", 0);
        publish(PUBSUB, "news", "a", 0);
        assertTrue(await(store.retract(PUBSUB, BLOG, "a")));
        assertFalse(await(store.retract(PUBSUB, BLOG, "a")), "already gone");
        assertFalse(await(store.retract(PEP, BLOG, "b")), "another service has no such item");
        assertEquals(List.of("b"), stored(PUBSUB, BLOG));
        assertEquals(List.of("a"), stored(PUBSUB, "news"), "same id in another node untouched");
    }

    @Test
    void purgeDeletesEveryItemOfOneNodeAndCountsThemButKeepsTheNode() throws Exception {
        await(store.saveNode(new StoredNode(PUBSUB, BLOG, "<node/>")));
        for (int i = 0; i < 4; i++) {
            publish(PUBSUB, BLOG, "i" + i, 0);
        }
        publish(PUBSUB, "news", "n", 0);
        assertEquals(4, (int) await(store.purge(PUBSUB, BLOG)));
        assertEquals(0, (int) await(store.purge(PUBSUB, BLOG)));
        assertEquals(List.of(), stored(PUBSUB, BLOG));
        assertEquals(List.of("n"), stored(PUBSUB, "news"));
        assertEquals(List.of(new StoredNode(PUBSUB, BLOG, "<node/>")), await(store.nodes(PUBSUB)));
    }

    @Test
    void deleteNodeAlsoDeletesItsItemsSoARecreatedNodeStartsEmpty() throws Exception {
        await(store.saveNode(new StoredNode(PUBSUB, BLOG, "<node/>")));
        await(store.saveNode(new StoredNode(PUBSUB, "news", "<node/>")));
        publish(PUBSUB, BLOG, "a", 0);
        publish(PUBSUB, "news", "n", 0);
        assertTrue(await(store.deleteNode(PUBSUB, BLOG)));
        reopen();
        await(store.saveNode(new StoredNode(PUBSUB, BLOG, "<node/>")));
        assertEquals(List.of(), stored(PUBSUB, BLOG), "no items of the deleted node come back");
        assertEquals(List.of("n"), stored(PUBSUB, "news"));
    }

    @Test
    void aPepServiceAndADomainServiceDoNotSeeEachOthersNodesOrItems() throws Exception {
        String avatar = "urn:xmpp:avatar:data";
        await(store.saveNode(new StoredNode(PEP, avatar, "<node>pep</node>")));
        await(store.saveNode(new StoredNode(PUBSUB, avatar, "<node>domain</node>")));
        await(store.saveNode(new StoredNode("romeo@example.org", "urn:xmpp:tune", "<node/>")));
        publish(PEP, avatar, "current", 1);
        publish(PUBSUB, avatar, "current", 1);
        publish(PUBSUB, avatar, "other", 0);

        assertEquals(List.of(new StoredNode(PEP, avatar, "<node>pep</node>")), await(store.nodes(PEP)));
        assertEquals(List.of(new StoredNode(PUBSUB, avatar, "<node>domain</node>")), await(store.nodes(PUBSUB)));
        assertEquals(List.of("current"), stored(PEP, avatar), "the domain's publishes neither trim nor add");
        assertEquals(List.of("current", "other"), stored(PUBSUB, avatar));
        assertTrue(await(store.deleteNode(PEP, avatar)));
        assertEquals(List.of(), await(store.nodes(PEP)));
        assertEquals(List.of("current", "other"), stored(PUBSUB, avatar));
        assertEquals(1, await(store.nodes(PUBSUB)).size());
    }

    /** 2024-11-03 01:30 happens twice in New York; a timestamp stored in local time would come back an hour off. */
    @Test
    void timestampsDoNotDependOnTheJvmTimeZone() throws Exception {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            Instant firstOneThirty = Instant.parse("2024-11-03T05:30:00.250Z"); // 01:30:00.250 EDT
            Instant secondOneThirty = Instant.parse("2024-11-03T06:30:00.250Z"); // 01:30:00.250 EST
            clock.set(firstOneThirty);
            await(store.publish(PEP, BLOG, "1", null, "<x/>", 0));
            clock.set(secondOneThirty);
            await(store.publish(PEP, BLOG, "2", null, "<x/>", 0));
            assertEquals(List.of(firstOneThirty, secondOneThirty), await(store.items(PEP, BLOG, 0)).stream()
                    .map(StoredItem::published).collect(Collectors.toList()));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void publishesToOneNodeKeepTheirOrderUnderConcurrency() throws Exception {
        int threads = 8;
        int perThread = 50;
        List<String> submitted = new ArrayList<>();
        List<CompletionStage<StoredItem>> stages = new ArrayList<>();
        Object lock = new Object();
        List<Thread> writers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int writer = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    synchronized (lock) { // the order of submission is the order of this list
                        String id = "w" + writer + "-" + (i % 10); // each writer republishes its ten ids
                        submitted.add(id);
                        stages.add(store.publish(PUBSUB, BLOG, id, ROMEO, "<entry/>", 0));
                    }
                }
            });
            writers.add(th);
            th.start();
        }
        go.countDown();
        for (int i = 0; i < 20; i++) {
            publish(PEP, BLOG, "pep" + i, 0); // another service meanwhile
        }
        for (Thread th : writers) {
            th.join(60_000);
        }
        for (CompletionStage<StoredItem> s : stages) {
            await(s);
        }
        assertEquals(threads * perThread, submitted.size());
        List<String> expected = new ArrayList<>();
        for (String id : submitted) { // the last publish of each id decides its place
            expected.remove(id);
            expected.add(id);
        }
        assertEquals(threads * 10, expected.size());
        assertEquals(expected, stored(PUBSUB, BLOG), "stored in the order the publishes were made");
        assertEquals(20, stored(PEP, BLOG).size());
    }
}
