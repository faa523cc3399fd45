package parlance.im.internal;

import java.util.Set;
import parlance.api.address.Jid;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterItem.Subscription;

/**
 * The subscription state machine of RFC 6121 Appendix A as pure functions: the item after a subscription stanza,
 * for the user who sends it (A.2, "outbound") and for the contact who receives it (A.3, "inbound"). {@code null}
 * means "no item"; returning the same instance means "no state change". Pre-approvals are §3.4.
 */
final class SubscriptionStates {
    private SubscriptionStates() {
    }

    static RosterItem none(Jid contact) {
        return new RosterItem(contact, null, Subscription.NONE, false, false, false, Set.of());
    }

    private static Subscription with(Subscription s, boolean to, boolean from) {
        boolean t = s.hasTo() || to;
        boolean f = s.hasFrom() || from;
        return t ? (f ? Subscription.BOTH : Subscription.TO) : (f ? Subscription.FROM : Subscription.NONE);
    }

    private static Subscription without(Subscription s, boolean to, boolean from) {
        boolean t = s.hasTo() && !to;
        boolean f = s.hasFrom() && !from;
        return t ? (f ? Subscription.BOTH : Subscription.TO) : (f ? Subscription.FROM : Subscription.NONE);
    }

    /** A.2.1: the user asks for the contact's presence: "ask" until answered, unless already subscribed. */
    static RosterItem outSubscribe(RosterItem item, Jid contact) {
        RosterItem i = item == null ? none(contact) : item;
        if (i.subscription().hasTo() || i.pendingOut()) {
            return item == null ? i : item;
        }
        return i.withSubscription(i.subscription(), true, i.pendingIn(), i.approved());
    }

    /** A.2.2: the user cancels its subscription to the contact (or its pending request). */
    static RosterItem outUnsubscribe(RosterItem item) {
        if (item == null || (!item.subscription().hasTo() && !item.pendingOut())) {
            return item;
        }
        return item.withSubscription(without(item.subscription(), true, false), false, item.pendingIn(),
                item.approved());
    }

    /**
     * A.2.3: the user approves the contact's request; without a pending request this is a pre-approval (§3.4.1),
     * creating the item when needed. Already subscribed: no change.
     */
    static RosterItem outSubscribed(RosterItem item, Jid contact) {
        if (item != null && item.subscription().hasFrom()) {
            return item;
        }
        if (item != null && item.pendingIn()) {
            return item.withSubscription(with(item.subscription(), false, true), item.pendingOut(), false, false);
        }
        RosterItem i = item == null ? none(contact) : item;
        if (i.approved()) {
            return item;
        }
        return i.withSubscription(i.subscription(), i.pendingOut(), false, true);
    }

    /** A.2.4: the user cancels the contact's subscription, denies its request, or withdraws a pre-approval. */
    static RosterItem outUnsubscribed(RosterItem item) {
        if (item == null || (!item.subscription().hasFrom() && !item.pendingIn() && !item.approved())) {
            return item;
        }
        return item.withSubscription(without(item.subscription(), false, true), item.pendingOut(), false, false);
    }

    /** A.3.1: a request arrives; remembered as pending in (§3.1.3), unless subscribed already or pre-approved. */
    static RosterItem inSubscribe(RosterItem item, Jid user) {
        if (item != null && (item.subscription().hasFrom() || item.pendingIn())) {
            return item;
        }
        if (item != null && item.approved()) {
            return item.withSubscription(with(item.subscription(), false, true), item.pendingOut(), false, false);
        }
        RosterItem i = item == null ? none(user) : item;
        return i.withSubscription(i.subscription(), i.pendingOut(), true, false);
    }

    /** A.3.2: the user no longer wants the contact's presence (or withdraws its request). */
    static RosterItem inUnsubscribe(RosterItem item) {
        if (item == null || (!item.subscription().hasFrom() && !item.pendingIn())) {
            return item;
        }
        return item.withSubscription(without(item.subscription(), false, true), item.pendingOut(), false,
                item.approved());
    }

    /** A.3.3: the contact approved our request; only meaningful while we asked (pending out). */
    static RosterItem inSubscribed(RosterItem item) {
        if (item == null || !item.pendingOut()) {
            return item;
        }
        return item.withSubscription(with(item.subscription(), true, false), false, item.pendingIn(), item.approved());
    }

    /** A.3.4: the contact cancelled or denied our subscription. */
    static RosterItem inUnsubscribed(RosterItem item) {
        if (item == null || (!item.subscription().hasTo() && !item.pendingOut())) {
            return item;
        }
        return item.withSubscription(without(item.subscription(), true, false), false, item.pendingIn(),
                item.approved());
    }
}
