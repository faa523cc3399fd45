package parlance.storage.derby.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.storage.derby.internal.Fixtures.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.storage.RosterItem;
import parlance.api.storage.ScramCredential;

class DerbyUserStoreTest {
    @TempDir
    Path home;
    DerbyDatabase db;
    DerbyUserStore users;

    @BeforeEach
    void open() throws Exception {
        db = Fixtures.open(home);
        users = new DerbyUserStore(db);
    }

    @AfterEach
    void close() {
        db.deactivate();
    }

    static ScramCredential cred(String hash, int seed) {
        return new ScramCredential(hash, new byte[] {1, 2, (byte) seed}, 4096, new byte[] {3, (byte) seed},
                new byte[] {4, (byte) seed});
    }

    @Test
    void createExistsAndCredentials() throws Exception {
        assertFalse(await(users.exists("juliet")));
        assertTrue(await(users.create("juliet", List.of(cred("SHA-1", 1), cred("SHA-256", 2)))));
        assertFalse(await(users.create("juliet", List.of(cred("SHA-1", 9)))), "second create is refused");
        assertTrue(await(users.exists("juliet")));
        assertEquals(Optional.of(cred("SHA-256", 2)), await(users.credential("juliet", "SHA-256")));
        assertEquals(Optional.of(cred("SHA-1", 1)), await(users.credential("juliet", "SHA-1")));
        assertEquals(Optional.empty(), await(users.credential("juliet", "SHA-512")));
        assertEquals(Optional.empty(), await(users.credential("nobody", "SHA-1")));
    }

    @Test
    void setCredentialsReplacesAllAndNeedsAnAccount() throws Exception {
        await(users.create("juliet", List.of(cred("SHA-1", 1), cred("SHA-256", 2))));
        assertTrue(await(users.setCredentials("juliet", List.of(cred("SHA-512", 7)))));
        assertEquals(Optional.empty(), await(users.credential("juliet", "SHA-1")));
        assertEquals(Optional.of(cred("SHA-512", 7)), await(users.credential("juliet", "SHA-512")));
        assertFalse(await(users.setCredentials("nobody", List.of(cred("SHA-1", 1)))));
        assertFalse(await(users.exists("nobody")));
    }

    @Test
    void listIsSortedPagedAndTreatsWildcardsLiterally() throws Exception {
        for (String u : List.of("romeo", "juliet", "benvolio", "mercutio", "jul_x", "nurse")) {
            await(users.create(u, List.of()));
        }
        assertEquals(6, (int) await(users.count()));
        assertEquals(List.of("benvolio", "jul_x", "juliet", "mercutio", "nurse", "romeo"),
                await(users.list("", 0, 100)));
        assertEquals(List.of("juliet", "mercutio"), await(users.list("", 2, 2)));
        assertEquals(List.of("benvolio", "mercutio", "romeo"), await(users.list("o", 0, 10)));
        assertEquals(List.of("jul_x"), await(users.list("_", 0, 10)), "'_' is not a wildcard");
        assertEquals(List.of(), await(users.list("%", 0, 10)), "'%' is not a wildcard");
        assertEquals(List.of(), await(users.list("", 0, 0)));
    }

    @Test
    void deleteRemovesTheAccountAndEverythingStoredForIt() throws Exception {
        DerbyRosterStore rosters = new DerbyRosterStore(db);
        DerbyOfflineStore offline = new DerbyOfflineStore(db);
        DerbyPrivateStore privates = new DerbyPrivateStore(db);
        for (String u : List.of("juliet", "romeo")) {
            await(users.create(u, List.of(cred("SHA-256", 1))));
            await(rosters.put(u, new RosterItem(Fixtures.jid("nurse", "example.org"), null,
                    RosterItem.Subscription.TO, false, false, false, Set.of("Family"))));
            await(offline.store(u, "<message>hi</message>", 10));
            await(privates.put(u, "k", "<x/>"));
        }

        assertTrue(await(users.delete("juliet")));
        assertFalse(await(users.delete("juliet")), "already gone");

        assertFalse(await(users.exists("juliet")));
        assertEquals(Optional.empty(), await(users.credential("juliet", "SHA-256")));
        assertEquals(0, await(rosters.roster("juliet")).items().size());
        assertEquals(0L, await(rosters.roster("juliet")).version());
        assertEquals(0, (int) await(offline.count("juliet")));
        assertEquals(Optional.empty(), await(privates.get("juliet", "k")));

        // the other account is untouched
        assertTrue(await(users.exists("romeo")));
        assertEquals(1, await(rosters.roster("romeo")).items().size());
        assertEquals(1, (int) await(offline.count("romeo")));
        assertEquals(Optional.of("<x/>"), await(privates.get("romeo", "k")));

        // a re-created account starts empty
        assertTrue(await(users.create("juliet", List.of())));
        assertEquals(0, await(rosters.roster("juliet")).items().size());
    }
}
