package parlance.storage.derby.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.storage.derby.internal.Fixtures.await;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.storage.StoredRoom;

class DerbyRoomStoreTest {
    static final String MUC = "conference.example.org";

    @TempDir
    Path home;
    DerbyDatabase db;
    DerbyRoomStore rooms;

    @BeforeEach
    void open() throws Exception {
        db = Fixtures.open(home);
        rooms = new DerbyRoomStore(db);
    }

    @AfterEach
    void close() {
        db.deactivate();
    }

    private void reopen() throws Exception {
        db.deactivate();
        open();
    }

    @Test
    void saveUpsertsListIsPerServiceAndEverythingSurvivesAReopen() throws Exception {
        assertEquals(List.of(), await(rooms.rooms(MUC)));
        await(rooms.save(new StoredRoom(MUC, "balcony", "<room><subject>v1</subject></room>")));
        await(rooms.save(new StoredRoom(MUC, "garden", "<room/>")));
        await(rooms.save(new StoredRoom("rooms.example.net", "balcony", "<room>elsewhere</room>")));
        await(rooms.save(new StoredRoom(MUC, "balcony", "<room><subject>v2 ü</subject></room>")));

        List<StoredRoom> expected = List.of(new StoredRoom(MUC, "balcony", "<room><subject>v2 ü</subject></room>"),
                new StoredRoom(MUC, "garden", "<room/>"));
        assertEquals(expected, await(rooms.rooms(MUC)), "the second save replaced the first, no duplicate");
        reopen();
        assertEquals(expected, await(rooms.rooms(MUC)));
        assertEquals(List.of(new StoredRoom("rooms.example.net", "balcony", "<room>elsewhere</room>")),
                await(rooms.rooms("rooms.example.net")));
    }

    @Test
    void deleteSaysWhetherTheRoomExistedAndStaysDeletedAfterAReopen() throws Exception {
        await(rooms.save(new StoredRoom(MUC, "balcony", "<room/>")));
        await(rooms.save(new StoredRoom(MUC, "garden", "<room/>")));
        assertFalse(await(rooms.delete("rooms.example.net", "balcony")), "other service: nothing there");
        assertTrue(await(rooms.delete(MUC, "balcony")));
        assertFalse(await(rooms.delete(MUC, "balcony")), "already gone");
        reopen();
        assertEquals(List.of(new StoredRoom(MUC, "garden", "<room/>")), await(rooms.rooms(MUC)));
    }

    @Test
    void largeRoomDocumentsAreStoredWholeAndASaveIsSeenByTheNextListing() throws Exception {
        String big = "<room><description>" + "x".repeat(100_000) + "</description></room>";
        rooms.save(new StoredRoom(MUC, "big", big)); // not awaited: the listing after it must still see it
        assertEquals(List.of(new StoredRoom(MUC, "big", big)), await(rooms.rooms(MUC)));
    }
}
