package parlance.muc.internal;

/** Temporary roles of occupants, ranked (XEP-0045 §5.1). */
enum Role {
    NONE, VISITOR, PARTICIPANT, MODERATOR;

    String xml() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The role named in XML, or {@code null}. */
    static Role of(String xml) {
        if (xml == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.xml().equals(xml)) {
                return r;
            }
        }
        return null;
    }

    boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    /** The default role an affiliation gets on entering (XEP-0045 §5.1.1 table 3). */
    static Role defaultFor(Affiliation affiliation, boolean moderated) {
        switch (affiliation) {
            case OWNER:
            case ADMIN:
                return MODERATOR;
            case MEMBER:
                return PARTICIPANT;
            case NONE:
                return moderated ? VISITOR : PARTICIPANT;
            default:
                return NONE;
        }
    }
}
