package parlance.storage.derby.internal;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.storage.ArchiveQuery;
import parlance.api.storage.ArchiveStore;
import parlance.api.storage.ArchivePage;
import parlance.api.storage.ArchivedMessage;

/**
 * Message archives (XEP-0313) in one Derby table. Arrival order is an identity column that clients never see; the
 * id a client pages with is a random UUID (XEP-0313 §3: unique and unpredictable, so ids of one archive say
 * nothing about another). Timestamps are the server's clock in UTC, to the millisecond. Every call for one archive
 * runs on that archive's stripe, so appends keep the order in which they were made and a query sees every append
 * made before it, and the archive's message counts ({@code archive_counts} per archive, {@code archive_with_counts}
 * per archive and bare partner, kept in the same transaction as the append or purge) cannot race. Queries: see {@link ArchivePages}.
 */
@Component(service = ArchiveStore.class, property = DerbyUserStore.PROVIDER)
public final class DerbyArchiveStore implements ArchiveStore {
    private final DerbyDatabase db;
    private final Clock clock;
    private final RowIds seqs = new RowIds("archive_messages", "seq");

    @Activate
    public DerbyArchiveStore(@Reference(name = "database") DerbyDatabase db) {
        this(db, Clock.systemUTC());
    }

    DerbyArchiveStore(DerbyDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public CompletionStage<ArchivedMessage> append(String archive, String with, String stanzaXml) {
        return db.callBatched(archive, c -> { // appends queued on a stripe share one commit (group commit)
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO archive_messages"
                    + " (message_id, archive, stored_at, with_jid, with_bare, stanza, seq) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, archive);
                ps.setTimestamp(3, Timestamp.from(now), ArchivePages.utc());
                ps.setString(4, with);
                ps.setString(5, with == null ? null : ArchivePages.bare(with));
                ps.setString(6, stanzaXml);
                ps.setLong(7, seqs.next(c));
                ps.executeUpdate();
            }
            ArchivePages.counted(c, archive, with);
            return new ArchivedMessage(id, now, with, stanzaXml);
        });
    }

    @Override
    public CompletionStage<ArchivePage> query(String archive, ArchiveQuery query) {
        return db.call(archive, c -> ArchivePages.page(c, archive, query));
    }

    @Override
    public CompletionStage<Integer> purge(String archive) {
        return db.call(archive, c -> {
            DerbyUserStore.update(c, "DELETE FROM archive_counts WHERE archive = ?", archive);
            DerbyUserStore.update(c, "DELETE FROM archive_with_counts WHERE archive = ?", archive);
            return DerbyUserStore.update(c, "DELETE FROM archive_messages WHERE archive = ?", archive);
        });
    }
}
