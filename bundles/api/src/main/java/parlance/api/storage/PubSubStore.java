package parlance.api.storage;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publish-subscribe nodes and their items (XEP-0060), for a PubSub service domain ({@code pubsub.example.org}) and
 * for the Personal Eventing Protocol (XEP-0163), whose service is an account's bare address. A node's
 * configuration, affiliations and subscriptions are one XML document owned by the PubSub service, opaque to the
 * store; items are kept in publish order with their payload as serialised XML. Kept when the PubSub bundle leaves.
 *
 * @since 1.1
 */
@ProviderType
public interface PubSubStore {
    /** Every node of a service, in no particular order. */
    CompletionStage<List<StoredNode>> nodes(String service);

    /** Creates or replaces a node's document. */
    CompletionStage<Void> saveNode(StoredNode node);

    /** Deletes a node and all its items; {@code true} when it existed. */
    CompletionStage<Boolean> deleteNode(String service, String node);

    /**
     * Publishes an item (XEP-0060 §7.1): an item with the same id is replaced and becomes the newest; then the
     * oldest items beyond {@code maxItems} are removed ({@code maxItems <= 0}: no limit). Completes with the stored
     * item, carrying the store's timestamp.
     */
    CompletionStage<StoredItem> publish(String service, String node, String itemId, String publisher,
            String payloadXml, int maxItems);

    /** The newest {@code max} items ({@code max <= 0}: all), oldest first (XEP-0060 §6.5.7). */
    CompletionStage<List<StoredItem>> items(String service, String node, int max);

    /** The items with these ids that exist, oldest first (XEP-0060 §6.5.8). */
    CompletionStage<List<StoredItem>> items(String service, String node, Collection<String> itemIds);

    /** Deletes one item (XEP-0060 §7.2); {@code true} when it existed. */
    CompletionStage<Boolean> retract(String service, String node, String itemId);

    /** Deletes every item of a node (XEP-0060 §8.5); completes with the number removed. */
    CompletionStage<Integer> purge(String service, String node);
}
