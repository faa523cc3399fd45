package parlance.api.storage;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** Per-account XML keyed by a qualified name, e.g. private XML storage (XEP-0049). Stored as serialised XML. */
@ProviderType
public interface PrivateStore {
    /** The stored element for {@code key} (conventionally {@code namespace + ' ' + element}), if any. */
    CompletionStage<Optional<String>> get(String username, String key);

    CompletionStage<Void> put(String username, String key, String xml);
}
