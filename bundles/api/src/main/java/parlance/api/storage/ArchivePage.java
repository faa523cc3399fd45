package parlance.api.storage;

import java.util.List;

/**
 * One page of an archive query, oldest first. {@code complete} is true when the page reaches the end of the
 * matching messages in the query's direction (XEP-0313 §4.3: the last page for a forward query, the first for a
 * backward one); {@code count} is the number of all messages matching the filter, ignoring paging.
 *
 * @since 1.1
 */
public final class ArchivePage {
    private final List<ArchivedMessage> messages;
    private final boolean complete;
    private final int count;

    public ArchivePage(List<ArchivedMessage> messages, boolean complete, int count) {
        this.messages = List.copyOf(messages);
        this.complete = complete;
        this.count = count;
    }

    public List<ArchivedMessage> messages() {
        return messages;
    }

    public boolean complete() {
        return complete;
    }

    public int count() {
        return count;
    }

    /** Archive id of the first message, or {@code null} for an empty page. */
    public String first() {
        return messages.isEmpty() ? null : messages.get(0).id();
    }

    /** Archive id of the last message, or {@code null} for an empty page. */
    public String last() {
        return messages.isEmpty() ? null : messages.get(messages.size() - 1).id();
    }
}
