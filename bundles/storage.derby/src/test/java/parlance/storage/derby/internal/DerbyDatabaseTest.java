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

    /**
     * Group commit: 300 appends queued at once for one archive share a few transactions, keep their order, and each
     * stage completes with its own result; a work that fails fails alone, the others of its transaction commit.
     */
    @Test
    void batchedWorksShareTransactionsKeepTheirOrderAndFailAlone() throws Exception {
        DerbyDatabase db = Fixtures.open(home);
        try {
            DerbyArchiveStore archive = new DerbyArchiveStore(db, java.time.Clock.systemUTC());
            await(db.call("setup", c -> c.createStatement().executeUpdate(
                    "CREATE TABLE t (k INT PRIMARY KEY)")));
            List<java.util.concurrent.CompletableFuture<?>> all = new java.util.ArrayList<>();
            java.util.concurrent.CompletableFuture<?> duplicate = null;
            for (int i = 0; i < 300; i++) {
                all.add(archive.append("juliet@example.org", "romeo@example.net", "<message id='m" + i + "'/>")
                        .toCompletableFuture());
                if (i == 150) {
                    all.add(db.callBatched("juliet@example.org", c -> c.createStatement().executeUpdate(
                            "INSERT INTO t VALUES (1)")).toCompletableFuture());
                    duplicate = db.callBatched("juliet@example.org", c -> c.createStatement().executeUpdate(
                            "INSERT INTO t VALUES (1)")).toCompletableFuture();
                }
            }
            for (java.util.concurrent.CompletableFuture<?> f : all) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            java.util.concurrent.CompletableFuture<?> failing = java.util.Objects.requireNonNull(duplicate);
            ExecutionException e = assertThrows(ExecutionException.class, () -> await(failing));
            assertEquals("23505", ((SQLException) e.getCause()).getSQLState(), "the duplicate key fails alone");

            assertTrue(db.batchedTransactions() < 100, "302 works in " + db.batchedTransactions() + " transactions");
            parlance.api.storage.ArchivePage page = await(archive.query("juliet@example.org",
                    new parlance.api.storage.ArchiveQuery(null, null, null, null, null, 300)));
            assertEquals(300, page.count());
            for (int i = 0; i < 300; i++) {
                assertTrue(page.messages().get(i).stanzaXml().contains("'m" + i + "'")
                        || page.messages().get(i).stanzaXml().contains("\"m" + i + "\""), "in order at " + i);
            }
            assertEquals(1, (int) await(db.call("setup", c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            })), "the first insert committed with its group");
        } finally {
            db.deactivate();
        }
    }

    /** A plain call made after a batched one runs after it, and a batched one made after it runs after it. */
    @Test
    void aCallBetweenBatchedWorksKeepsItsPlaceInTheOrder() throws Exception {
        DerbyDatabase db = Fixtures.open(home);
        try {
            DerbyArchiveStore archive = new DerbyArchiveStore(db, java.time.Clock.systemUTC());
            for (int round = 0; round < 20; round++) {
                archive.append("juliet@example.org", null, "<message id='before'/>");
                java.util.concurrent.CompletionStage<Integer> purge = archive.purge("juliet@example.org");
                java.util.concurrent.CompletionStage<parlance.api.storage.ArchivedMessage> after =
                        archive.append("juliet@example.org", null, "<message id='after'/>");
                assertEquals(1, (int) await(purge), "the purge removed the append made before it");
                await(after);
                parlance.api.storage.ArchivePage page = await(archive.query("juliet@example.org",
                        new parlance.api.storage.ArchiveQuery(null, null, null, null, null, 10)));
                assertEquals(1, page.count(), "the append made after the purge survives it");
                await(archive.purge("juliet@example.org"));
            }
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
