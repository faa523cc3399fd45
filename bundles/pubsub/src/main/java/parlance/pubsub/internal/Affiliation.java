package parlance.pubsub.internal;

import java.util.Locale;

/** Node affiliations (XEP-0060 §4.1) with the privileges of the table in §4.1. */
enum Affiliation {
    OWNER, PUBLISHER, PUBLISH_ONLY, MEMBER, NONE, OUTCAST;

    String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The affiliation named {@code value}, or {@code null}. */
    static Affiliation of(String value) {
        for (Affiliation a : values()) {
            if (a.value().equals(value)) {
                return a;
            }
        }
        return null;
    }

    boolean canPublish() {
        return this == OWNER || this == PUBLISHER || this == PUBLISH_ONLY;
    }

    /** Members and above may subscribe and retrieve items whatever the access model (§4.1, whitelist §4.5). */
    boolean isMember() {
        return this == OWNER || this == PUBLISHER || this == MEMBER;
    }
}
