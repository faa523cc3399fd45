package parlance.disco.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import parlance.api.auth.AccountManager;

/** Accounts in memory, completing asynchronously like a real store; rejects usernames containing a space. */
final class FakeAccounts implements AccountManager {
    final Map<String, String> passwords = new ConcurrentSkipListMap<>();

    FakeAccounts with(String username, String password) {
        passwords.put(username, password);
        return this;
    }

    @Override
    public CompletionStage<Boolean> create(String username, String password) {
        if (username.contains(" ")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("bad username"));
        }
        return CompletableFuture.supplyAsync(() -> passwords.putIfAbsent(username, password) == null);
    }

    @Override
    public CompletionStage<Boolean> changePassword(String username, String password) {
        return CompletableFuture.supplyAsync(() -> passwords.replace(username, password) != null);
    }

    @Override
    public CompletionStage<Boolean> delete(String username) {
        return CompletableFuture.supplyAsync(() -> passwords.remove(username) != null);
    }

    @Override
    public CompletionStage<Boolean> exists(String username) {
        return CompletableFuture.supplyAsync(() -> passwords.containsKey(username));
    }

    @Override
    public CompletionStage<List<String>> list(String query, int offset, int limit) {
        return CompletableFuture.supplyAsync(() -> passwords.keySet().stream().filter(u -> u.contains(query))
                .skip(offset).limit(limit).toList());
    }
}
