package parlance.api.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A published PubSub item: its id, the publisher's address, the time it was stored and its payload as serialised
 * XML (the item's child element; empty for a notification-only item).
 *
 * @since 1.1
 */
public final class StoredItem {
    private final String id;
    private final String publisher;
    private final Instant published;
    private final String payloadXml;

    public StoredItem(String id, String publisher, Instant published, String payloadXml) {
        this.id = Objects.requireNonNull(id, "id");
        this.publisher = publisher;
        this.published = Objects.requireNonNull(published, "published");
        this.payloadXml = payloadXml == null ? "" : payloadXml;
    }

    public String id() {
        return id;
    }

    /** The publisher's address, or {@code null}. */
    public String publisher() {
        return publisher;
    }

    public Instant published() {
        return published;
    }

    public String payloadXml() {
        return payloadXml;
    }

    @Override
    public String toString() {
        return "StoredItem{" + id + " by " + publisher + " at " + published + "}";
    }
}
