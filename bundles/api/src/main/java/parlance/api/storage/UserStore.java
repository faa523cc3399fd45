package parlance.api.storage;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Accounts of the served domain and their SCRAM credentials. Usernames are prepared localparts (RFC 7622 §3.3).
 * Every method completes off the caller's thread; none blocks.
 */
@ProviderType
public interface UserStore {
    /** Creates an account with its credentials; completes with {@code false} when it already exists. */
    CompletionStage<Boolean> create(String username, List<ScramCredential> credentials);

    CompletionStage<Boolean> exists(String username);

    /** Deletes the account and everything stored for it (roster, offline, private XML); {@code false} if absent. */
    CompletionStage<Boolean> delete(String username);

    /** Replaces all credentials of an existing account; {@code false} when the account does not exist. */
    CompletionStage<Boolean> setCredentials(String username, List<ScramCredential> credentials);

    /** The credential for one hash ({@code SHA-1}, {@code SHA-256}, {@code SHA-512}), if the account has one. */
    CompletionStage<Optional<ScramCredential>> credential(String username, String hash);

    /** Usernames containing {@code query} (all when empty), sorted, paged. */
    CompletionStage<List<String>> list(String query, int offset, int limit);

    CompletionStage<Integer> count();
}
