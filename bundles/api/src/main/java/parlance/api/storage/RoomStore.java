package parlance.api.storage;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Persistent multi-user chat rooms (XEP-0045 §10.2 "persistent" rooms): each room's configuration and affiliations
 * as one XML document owned by the MUC service, opaque to the store. Kept when the MUC bundle leaves, so that
 * reinstalling it brings its rooms back.
 *
 * @since 1.1
 */
@ProviderType
public interface RoomStore {
    /** Every stored room of a MUC service domain, in no particular order. */
    CompletionStage<List<StoredRoom>> rooms(String serviceDomain);

    /** Creates or replaces the room with the same address. */
    CompletionStage<Void> save(StoredRoom room);

    /** Deletes a room; {@code true} when it existed. */
    CompletionStage<Boolean> delete(String serviceDomain, String room);
}
