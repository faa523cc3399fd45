package parlance.api.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One archived message: its archive id (unique within the archive, opaque to clients, ordered like arrival), the
 * server timestamp, the conversation partner and the stanza as serialised XML.
 *
 * @since 1.1
 */
public final class ArchivedMessage {
    private final String id;
    private final Instant timestamp;
    private final String with;
    private final String stanzaXml;

    public ArchivedMessage(String id, Instant timestamp, String with, String stanzaXml) {
        this.id = Objects.requireNonNull(id, "id");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.with = with;
        this.stanzaXml = Objects.requireNonNull(stanzaXml, "stanzaXml");
    }

    public String id() {
        return id;
    }

    public Instant timestamp() {
        return timestamp;
    }

    /** The conversation partner, or {@code null}. */
    public String with() {
        return with;
    }

    public String stanzaXml() {
        return stanzaXml;
    }

    @Override
    public String toString() {
        return "ArchivedMessage{" + id + " at " + timestamp + " with " + with + "}";
    }
}
