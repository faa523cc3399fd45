package parlance.pubsub.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import parlance.api.address.Jid;
import parlance.api.stanza.StanzaError;
import parlance.api.storage.Roster;
import parlance.api.storage.RosterItem;

/**
 * The access models of XEP-0060 §4.5 (open, presence, roster, whitelist, authorize), applied to subscription
 * (§6.1.3) and item retrieval (§6.5.3). Owners are the PEP account, or the node owners that are local accounts
 * (their rosters decide for presence and roster nodes).
 */
final class Access {
    /** Why a request is refused: the stanza error and the PubSub-specific condition. */
    record Denial(StanzaError condition, String pubsubCondition) {
    }

    private final PubSub ps;

    Access(PubSub ps) {
        this.ps = ps;
    }

    /** Completes with {@code null} when {@code who} may subscribe ({@code retrieve} false) or retrieve items. */
    CompletionStage<Denial> check(Host host, Node node, Jid who, boolean retrieve) {
        Affiliation aff = node.affiliation(who);
        if (host.isAccount(who) || aff == Affiliation.OWNER) {
            return done(null);
        }
        if (aff == Affiliation.OUTCAST) {
            return done(new Denial(StanzaError.FORBIDDEN, null));
        }
        if (aff.isMember()) {
            return done(null);
        }
        switch (node.config.accessModel()) {
            case "open":
                return done(null);
            case "whitelist":
                return done(new Denial(StanzaError.NOT_ALLOWED, "closed-node"));
            case "authorize":
                return done(!retrieve || node.isSubscribed(who) ? null
                        : new Denial(StanzaError.NOT_AUTHORIZED, "not-subscribed"));
            case "presence":
                return contact(host, node, who).thenApply(item -> item != null && item.subscription().hasFrom()
                        ? null : new Denial(StanzaError.NOT_AUTHORIZED, "presence-subscription-required"));
            case "roster":
                return contact(host, node, who).thenApply(item -> item != null
                        && item.groups().stream().anyMatch(node.config.groups()::contains)
                        ? null : new Denial(StanzaError.NOT_AUTHORIZED, "not-in-roster-group"));
            default:
                return done(new Denial(StanzaError.FORBIDDEN, null));
        }
    }

    /** The best roster item for {@code who} among the owners' rosters (one with a from subscription first). */
    CompletionStage<RosterItem> contact(Host host, Node node, Jid who) {
        List<Jid> owners = host.pep ? List.of(host.jid) : node.owners();
        List<CompletableFuture<Roster>> rosters = new ArrayList<>();
        for (Jid owner : owners) {
            rosters.add(ps.roster(owner).toCompletableFuture());
        }
        return CompletableFuture.allOf(rosters.toArray(CompletableFuture[]::new)).thenApply(v -> {
            RosterItem best = null;
            for (CompletableFuture<Roster> r : rosters) {
                for (RosterItem item : r.join().items()) {
                    if (item.jid().equals(who.bare()) && (best == null || item.subscription().hasFrom())) {
                        best = item;
                    }
                }
            }
            return best;
        });
    }

    /** Whether a roster item admits its contact to a node's notifications without a subscription (XEP-0163 §4). */
    static boolean admits(Node node, RosterItem item) {
        switch (node.config.accessModel()) {
            case "open":
            case "presence":
                return item.subscription().hasFrom();
            case "roster":
                return item.groups().stream().anyMatch(node.config.groups()::contains);
            case "whitelist":
                return node.affiliation(item.jid()).isMember();
            default:
                return false;
        }
    }

    private static CompletionStage<Denial> done(Denial d) {
        return CompletableFuture.completedFuture(d);
    }
}
