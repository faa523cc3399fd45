package parlance.muc.internal;

/** Long-lived affiliations with a room, ranked (XEP-0045 §5.2). */
enum Affiliation {
    OUTCAST, NONE, MEMBER, ADMIN, OWNER;

    String xml() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The affiliation named in XML, or {@code null}. */
    static Affiliation of(String xml) {
        if (xml == null) {
            return null;
        }
        for (Affiliation a : values()) {
            if (a.xml().equals(xml)) {
                return a;
            }
        }
        return null;
    }

    boolean atLeast(Affiliation other) {
        return compareTo(other) >= 0;
    }
}
