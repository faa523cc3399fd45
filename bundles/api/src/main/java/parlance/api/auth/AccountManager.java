package parlance.api.auth;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Account administration for every front end (shell, console, in-band registration, ad-hoc commands): prepares
 * usernames and passwords (RFC 7622 §3.3, RFC 8265 OpaqueString), derives SCRAM credentials for every supported
 * hash (RFC 5802, RFC 7677) and stores only those.
 */
@ProviderType
public interface AccountManager {
    /** Creates an account; completes with {@code false} when it exists; fails on an unpreparable name. */
    CompletionStage<Boolean> create(String username, String password);

    /** Sets a new password; completes with {@code false} when there is no such account. */
    CompletionStage<Boolean> changePassword(String username, String password);

    /** Deletes the account and its data and ends its sessions; {@code false} when there was none. */
    CompletionStage<Boolean> delete(String username);

    CompletionStage<Boolean> exists(String username);

    /** Usernames containing {@code query}, sorted, paged. */
    CompletionStage<List<String>> list(String query, int offset, int limit);
}
