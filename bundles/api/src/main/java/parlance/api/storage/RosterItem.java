package parlance.api.storage;

import java.util.Objects;
import java.util.Set;
import parlance.api.address.Jid;

/**
 * One roster item with its subscription state (RFC 6121 §2.1.2 and Appendix A): {@code subscription} is none,
 * to, from or both; {@code pendingOut} is the "ask=subscribe" flag; {@code pendingIn} records an inbound
 * subscription request not yet answered (§3.1.3); {@code approved} a pre-approval (§3.4).
 */
public final class RosterItem {
    /** The subscription states of RFC 6121 §2.1.2.5. */
    public enum Subscription {
        NONE, TO, FROM, BOTH;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean hasTo() {
            return this == TO || this == BOTH;
        }

        public boolean hasFrom() {
            return this == FROM || this == BOTH;
        }
    }

    private final Jid jid;
    private final String name;
    private final Subscription subscription;
    private final boolean pendingOut;
    private final boolean pendingIn;
    private final boolean approved;
    private final Set<String> groups;

    public RosterItem(Jid jid, String name, Subscription subscription, boolean pendingOut, boolean pendingIn,
            boolean approved, Set<String> groups) {
        this.jid = Objects.requireNonNull(jid).bare();
        this.name = name;
        this.subscription = Objects.requireNonNull(subscription);
        this.pendingOut = pendingOut;
        this.pendingIn = pendingIn;
        this.approved = approved;
        this.groups = Set.copyOf(groups);
    }

    public Jid jid() {
        return jid;
    }

    public String name() {
        return name;
    }

    public Subscription subscription() {
        return subscription;
    }

    public boolean pendingOut() {
        return pendingOut;
    }

    public boolean pendingIn() {
        return pendingIn;
    }

    public boolean approved() {
        return approved;
    }

    public Set<String> groups() {
        return groups;
    }

    public RosterItem withSubscription(Subscription s, boolean pendingOut, boolean pendingIn, boolean approved) {
        return new RosterItem(jid, name, s, pendingOut, pendingIn, approved, groups);
    }

    public RosterItem withNameAndGroups(String newName, Set<String> newGroups) {
        return new RosterItem(jid, newName, subscription, pendingOut, pendingIn, approved, newGroups);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RosterItem)) {
            return false;
        }
        RosterItem r = (RosterItem) o;
        return jid.equals(r.jid) && Objects.equals(name, r.name) && subscription == r.subscription
                && pendingOut == r.pendingOut && pendingIn == r.pendingIn && approved == r.approved
                && groups.equals(r.groups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jid, name, subscription, pendingOut, pendingIn, approved, groups);
    }

    @Override
    public String toString() {
        return "RosterItem{" + jid + ", " + subscription.value() + (pendingOut ? ", ask" : "")
                + (pendingIn ? ", pending-in" : "") + (approved ? ", approved" : "") + "}";
    }
}
