package parlance.storage.derby.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static parlance.storage.derby.internal.Fixtures.await;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerbyPrivateStoreTest {
    @TempDir
    Path home;
    DerbyDatabase db;
    DerbyPrivateStore store;

    @BeforeEach
    void open() throws Exception {
        db = Fixtures.open(home);
        store = new DerbyPrivateStore(db);
    }

    @AfterEach
    void close() {
        db.deactivate();
    }

    @Test
    void putThenGetAndPutReplaces() throws Exception {
        String key = "storage:bookmarks storage";
        assertEquals(Optional.empty(), await(store.get("juliet", key)));
        await(store.put("juliet", key, "<storage xmlns='storage:bookmarks'/>"));
        await(store.put("juliet", "other:ns query", "<query xmlns='other:ns'/>"));
        assertEquals(Optional.of("<storage xmlns='storage:bookmarks'/>"), await(store.get("juliet", key)));
        await(store.put("juliet", key, "<storage xmlns='storage:bookmarks'><conference/></storage>"));
        assertEquals(Optional.of("<storage xmlns='storage:bookmarks'><conference/></storage>"),
                await(store.get("juliet", key)));
        assertEquals(Optional.of("<query xmlns='other:ns'/>"), await(store.get("juliet", "other:ns query")));
        assertEquals(Optional.empty(), await(store.get("romeo", key)), "per user");
    }
}
