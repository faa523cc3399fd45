package parlance.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import parlance.api.storage.PrivateStore;

/** A {@link PrivateStore} in memory that completes at once; tests read {@link #xml} by {@code "username|key"}. */
public final class MemoryPrivateStore implements PrivateStore {
    public final Map<String, String> xml = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Optional<String>> get(String username, String key) {
        return CompletableFuture.completedFuture(Optional.ofNullable(xml.get(username + '|' + key)));
    }

    @Override
    public CompletionStage<Void> put(String username, String key, String value) {
        xml.put(username + '|' + key, value);
        return CompletableFuture.completedFuture(null);
    }
}
