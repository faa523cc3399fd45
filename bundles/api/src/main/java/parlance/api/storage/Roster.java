package parlance.api.storage;

import java.util.List;

/** A user's roster with its version (RFC 6121 §2.6: the version changes on every modification). */
public final class Roster {
    private final long version;
    private final List<RosterItem> items;

    public Roster(long version, List<RosterItem> items) {
        this.version = version;
        this.items = List.copyOf(items);
    }

    public long version() {
        return version;
    }

    public List<RosterItem> items() {
        return items;
    }
}
