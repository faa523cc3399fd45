package parlance.storage.derby.internal;

import static parlance.storage.derby.internal.Fixtures.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import parlance.api.storage.RosterItem;

/** Child-process main for {@link DurabilityTest}: writes, reports "ACKED" once every write completed, then waits. */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        DerbyDatabase db = Fixtures.open(Path.of(args[0]));
        await(new DerbyUserStore(db).create("juliet", List.of()));
        await(new DerbyRosterStore(db).put("juliet", new RosterItem(Fixtures.jid("romeo", "example.net"), "Romeo",
                RosterItem.Subscription.BOTH, false, false, false, Set.of())));
        for (int i = 0; i < 5; i++) {
            await(new DerbyOfflineStore(db).store("juliet", "<message id='" + i + "'/>", 100));
        }
        System.out.println("ACKED");
        System.out.flush();
        Thread.sleep(60_000); // killed with SIGKILL long before this ends; never deactivated
    }
}
