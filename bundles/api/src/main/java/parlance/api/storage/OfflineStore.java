package parlance.api.storage;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** Messages kept for an account while none of its resources is available (XEP-0160). Stored as serialised XML. */
@ProviderType
public interface OfflineStore {
    /** Stores one message; completes with {@code false} (nothing stored) when the user already has {@code limit}. */
    CompletionStage<Boolean> store(String username, String messageXml, int limit);

    /** Returns the user's messages in arrival order and deletes them. */
    CompletionStage<List<String>> takeAll(String username);

    CompletionStage<Integer> count(String username);
}
