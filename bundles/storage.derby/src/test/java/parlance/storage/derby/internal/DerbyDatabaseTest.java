package parlance.storage.derby.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.storage.derby.internal.Fixtures.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parlance.api.storage.RosterItem;

class DerbyDatabaseTest {
    @TempDir
    Path home;

    @Test
    void createsTheDatabaseUnderHomeDataDerbyAndKeepsDerbyLogOutOfTheWorkingDirectory() throws Exception {
        DerbyDatabase db = Fixtures.open(home);
        try {
            db.migrationsApplied(); // the database opens in the background; wait for it
            assertEquals(home.resolve("data/derby").toAbsolutePath(), db.location());
            assertTrue(Files.isDirectory(home.resolve("data/derby")), "database folder created");
            assertFalse(Files.exists(Path.of("derby.log")), "no derby.log in the working directory");
            assertTrue(System.getProperty("derby.stream.error.file") != null
                    || System.getProperty("derby.stream.error.field") != null, "Derby's error log redirected");
        } finally {
            db.deactivate();
        }
    }

    @Test
    void migrationsRunOnceAndASecondStartAppliesNothing() throws Exception {
        DerbyDatabase first = Fixtures.open(home);
        assertEquals(10, first.migrationsApplied());
        List<Integer> versions = await(first.call("x", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM schema_version ORDER BY version");
                    ResultSet rs = ps.executeQuery()) {
                List<Integer> v = new java.util.ArrayList<>();
                while (rs.next()) {
                    v.add(rs.getInt(1));
                }
                return v;
            }
        }));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), versions);
        first.deactivate();

        DerbyDatabase second = Fixtures.open(home);
        try {
            assertEquals(0, second.migrationsApplied());
            assertEquals(10, (int) await(second.call("x", Migrations::currentVersion)));
        } finally {
            second.deactivate();
        }
    }

    @Test
    void dataSurvivesDeactivateAndActivateOnTheSameFolder() throws Exception {
        DerbyDatabase db = Fixtures.open(home);
        await(new DerbyUserStore(db).create("juliet", List.of()));
        await(new DerbyRosterStore(db).put("juliet", new RosterItem(Fixtures.jid("romeo", "example.net"), "Romeo",
                RosterItem.Subscription.BOTH, false, false, false, java.util.Set.of("Friends"))));
        await(new DerbyOfflineStore(db).store("juliet", "<message/>", 10));
        await(new DerbyPrivateStore(db).put("juliet", "storage:bookmarks storage", "<storage/>"));
        db.deactivate();

        DerbyDatabase again = Fixtures.open(home);
        try {
            assertTrue(await(new DerbyUserStore(again).exists("juliet")));
            var roster = await(new DerbyRosterStore(again).roster("juliet"));
            assertEquals(1, roster.version());
            assertEquals(java.util.Set.of("Friends"), roster.items().get(0).groups());
            assertEquals(1, (int) await(new DerbyOfflineStore(again).count("juliet")));
            assertEquals("<storage/>",
                    await(new DerbyPrivateStore(again).get("juliet", "storage:bookmarks storage")).orElseThrow());
        } finally {
            again.deactivate();
        }
    }

    @Test
    void workRunsOffTheCallersThreadAndDerbyErrorsCarryTheirMessages() throws Exception {
        DerbyDatabase db = Fixtures.open(home);
        try {
            Thread caller = Thread.currentThread();
            Thread worker = await(db.call("romeo", c -> Thread.currentThread()));
            assertNotEquals(caller, worker);
            assertTrue(worker.getName().startsWith("parlance-derby-"), worker.getName());

            ExecutionException e = assertThrows(ExecutionException.class, () -> await(db.call("romeo", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM no_such_table")) {
                    return ps.executeQuery().next();
                }
            })));
            SQLException sql = (SQLException) e.getCause();
            assertEquals("42X05", sql.getSQLState());
            // Derby found its message resources inside the merged parlance.derby jar
            assertTrue(sql.getMessage().contains("does not exist"), sql.getMessage());
        } finally {
            db.deactivate();
        }
    }

    @Test
    void afterDeactivationCallsFailInsteadOfHanging() throws Exception {
        DerbyDatabase db = Fixtures.open(home);
        DerbyUserStore users = new DerbyUserStore(db);
        db.deactivate();
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(users.exists("juliet")));
        assertTrue(e.getCause() instanceof RejectedExecutionException, String.valueOf(e.getCause()));
    }
}
