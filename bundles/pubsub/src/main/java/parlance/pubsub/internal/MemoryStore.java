package parlance.pubsub.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import parlance.api.storage.PubSubStore;
import parlance.api.storage.StoredItem;
import parlance.api.storage.StoredNode;

/**
 * The store used while no {@link PubSubStore} is registered: nodes and items live as long as this activation of
 * the service (the degraded mode of a server without storage). One per activation; nothing static.
 */
final class MemoryStore implements PubSubStore {
    private final Map<String, Map<String, StoredNode>> nodes = new HashMap<>();
    private final Map<String, LinkedHashMap<String, StoredItem>> items = new HashMap<>();
    private final LongSupplier clock;

    MemoryStore(LongSupplier clock) {
        this.clock = clock;
    }

    private static String key(String service, String node) {
        return service + '\u0000' + node;
    }

    @Override
    public synchronized CompletionStage<List<StoredNode>> nodes(String service) {
        return done(List.copyOf(nodes.getOrDefault(service, Map.of()).values()));
    }

    @Override
    public synchronized CompletionStage<Void> saveNode(StoredNode node) {
        nodes.computeIfAbsent(node.service(), k -> new LinkedHashMap<>()).put(node.node(), node);
        return done(null);
    }

    @Override
    public synchronized CompletionStage<Boolean> deleteNode(String service, String node) {
        items.remove(key(service, node));
        Map<String, StoredNode> of = nodes.get(service);
        return done(of != null && of.remove(node) != null);
    }

    @Override
    public synchronized CompletionStage<StoredItem> publish(String service, String node, String itemId,
            String publisher, String payloadXml, int maxItems) {
        LinkedHashMap<String, StoredItem> list = items.computeIfAbsent(key(service, node), k -> new LinkedHashMap<>());
        list.remove(itemId);
        StoredItem item = new StoredItem(itemId, publisher, Instant.ofEpochMilli(clock.getAsLong()), payloadXml);
        list.put(itemId, item);
        while (maxItems > 0 && list.size() > maxItems) {
            list.remove(list.keySet().iterator().next());
        }
        return done(item);
    }

    @Override
    public synchronized CompletionStage<List<StoredItem>> items(String service, String node, int max) {
        List<StoredItem> all = new ArrayList<>(items.getOrDefault(key(service, node), new LinkedHashMap<>()).values());
        return done(max <= 0 || all.size() <= max ? all : List.copyOf(all.subList(all.size() - max, all.size())));
    }

    @Override
    public synchronized CompletionStage<List<StoredItem>> items(String service, String node,
            Collection<String> itemIds) {
        List<StoredItem> found = new ArrayList<>();
        for (StoredItem item : items.getOrDefault(key(service, node), new LinkedHashMap<>()).values()) {
            if (itemIds.contains(item.id())) {
                found.add(item);
            }
        }
        return done(found);
    }

    @Override
    public synchronized CompletionStage<Boolean> retract(String service, String node, String itemId) {
        LinkedHashMap<String, StoredItem> list = items.get(key(service, node));
        return done(list != null && list.remove(itemId) != null);
    }

    @Override
    public synchronized CompletionStage<Integer> purge(String service, String node) {
        LinkedHashMap<String, StoredItem> list = items.remove(key(service, node));
        return done(list == null ? 0 : list.size());
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
