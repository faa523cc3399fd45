package parlance.auth.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import parlance.api.auth.SaslContext;
import parlance.api.auth.SaslStep;
import parlance.api.storage.ScramCredential;
import parlance.api.storage.UserStore;

/** Small fakes of our SPI for the auth tests. */
final class Fakes {
    private Fakes() {
    }

    static SaslStep await(CompletionStage<SaslStep> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A user store in memory whose stages complete on its own thread, like a real store. */
    static final class MemoryUserStore implements UserStore {
        final Map<String, List<ScramCredential>> users = new ConcurrentHashMap<>();
        final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-store");
            t.setDaemon(true);
            return t;
        });
        volatile boolean failing;

        private <T> CompletionStage<T> async(Supplier<T> work) {
            return CompletableFuture.supplyAsync(() -> {
                if (failing) {
                    throw new IllegalStateException("store down");
                }
                return work.get();
            }, thread);
        }

        @Override
        public CompletionStage<Boolean> create(String username, List<ScramCredential> credentials) {
            return async(() -> users.putIfAbsent(username, List.copyOf(credentials)) == null);
        }

        @Override
        public CompletionStage<Boolean> exists(String username) {
            return async(() -> users.containsKey(username));
        }

        @Override
        public CompletionStage<Boolean> delete(String username) {
            return async(() -> users.remove(username) != null);
        }

        @Override
        public CompletionStage<Boolean> setCredentials(String username, List<ScramCredential> credentials) {
            return async(() -> users.computeIfPresent(username, (u, old) -> List.copyOf(credentials)) != null);
        }

        @Override
        public CompletionStage<Optional<ScramCredential>> credential(String username, String hash) {
            return async(() -> users.getOrDefault(username, List.of()).stream()
                    .filter(c -> c.hash().equals(hash)).findFirst());
        }

        @Override
        public CompletionStage<List<String>> list(String query, int offset, int limit) {
            return async(() -> {
                List<String> names = new ArrayList<>(users.keySet());
                names.removeIf(n -> !n.contains(query));
                names.sort(null);
                return names.subList(Math.min(offset, names.size()), Math.min(offset + limit, names.size()));
            });
        }

        @Override
        public CompletionStage<Integer> count() {
            return async(users::size);
        }
    }

    /** A connection: domain example.com, optionally TLS with channel-binding data per type. */
    static final class Context implements SaslContext {
        final Map<String, byte[]> bindings;

        Context(Map<String, byte[]> bindings) {
            this.bindings = bindings;
        }

        @Override
        public String domain() {
            return "example.com";
        }

        @Override
        public boolean isSecure() {
            return !bindings.isEmpty();
        }

        @Override
        public Set<String> channelBindingTypes() {
            return bindings.keySet();
        }

        @Override
        public byte[] channelBinding(String type) {
            byte[] b = bindings.get(type);
            return b == null ? null : b.clone();
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:5000";
        }
    }
}
