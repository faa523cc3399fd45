package parlance.api.storage;

import java.time.Instant;

/**
 * The filter and page of an archive query (XEP-0313 §4.1 fields {@code start}, {@code end}, {@code with}; XEP-0059
 * {@code after}, {@code before}, {@code max}). Every filter is optional ({@code null}). {@code before} set to the
 * empty string asks for the last page. Results are always returned oldest first.
 *
 * @since 1.1
 */
public final class ArchiveQuery {
    private final Instant start;
    private final Instant end;
    private final String with;
    private final String after;
    private final String before;
    private final int max;

    public ArchiveQuery(Instant start, Instant end, String with, String after, String before, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max < 0");
        }
        this.start = start;
        this.end = end;
        this.with = with;
        this.after = after;
        this.before = before;
        this.max = max;
    }

    /** Inclusive lower bound of the timestamp, or {@code null}. */
    public Instant start() {
        return start;
    }

    /** Inclusive upper bound of the timestamp, or {@code null}. */
    public Instant end() {
        return end;
    }

    /**
     * Only messages with this partner, or {@code null}. A bare address also matches the full addresses under it
     * (XEP-0313 §4.1.1); a full address matches only itself.
     */
    public String with() {
        return with;
    }

    /** Only messages after the one with this id, or {@code null}. */
    public String after() {
        return after;
    }

    /** Only messages before the one with this id; the empty string for the last page; or {@code null}. */
    public String before() {
        return before;
    }

    /** The page size (the service caps it before asking). */
    public int max() {
        return max;
    }
}
