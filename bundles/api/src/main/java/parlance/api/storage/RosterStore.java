package parlance.api.storage;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;
import parlance.api.address.Jid;

/**
 * Rosters (RFC 6121 §2). Each change is durable when its stage completes, and bumps the roster version, which the
 * stage returns (for roster pushes with {@code ver}, §2.6).
 */
@ProviderType
public interface RosterStore {
    CompletionStage<Roster> roster(String username);

    /** Adds or replaces the item for {@code item.jid()}; completes with the new roster version. */
    CompletionStage<Long> put(String username, RosterItem item);

    /** Removes the item; completes with the new roster version, or the current one when there was no such item. */
    CompletionStage<Long> remove(String username, Jid contact);
}
