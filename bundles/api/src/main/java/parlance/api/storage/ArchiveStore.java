package parlance.api.storage;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Message archives queried with XEP-0313 (Message Archive Management): one archive per owner address, a user's bare
 * address or a MUC room's address. Messages are kept as serialised XML in arrival order, each with a stable,
 * unique id (XEP-0359 stanza-id) and the server's timestamp.
 *
 * @since 1.1
 */
@ProviderType
public interface ArchiveStore {
    /**
     * Appends a message to {@code archive}. {@code with} is the conversation partner the query filter matches
     * (XEP-0313 §4.1.1: a bare or full address; for a room, the sender's occupant address). Completes with the stored
     * message, carrying its new id and timestamp.
     */
    CompletionStage<ArchivedMessage> append(String archive, String with, String stanzaXml);

    /** One page of an archive (XEP-0313 §4 with XEP-0059 result set management). */
    CompletionStage<ArchivePage> query(String archive, ArchiveQuery query);

    /** Deletes a whole archive (a destroyed room, a deleted account); completes with the number removed. */
    CompletionStage<Integer> purge(String archive);
}
