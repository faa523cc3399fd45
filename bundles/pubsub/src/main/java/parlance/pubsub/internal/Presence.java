package parlance.pubsub.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.stanza.Stanza;
import parlance.api.storage.RosterItem;

/**
 * Presence as PEP sees it (XEP-0163 §4.3): which resources are present to each account (its own available
 * resources, and contacts' resources whose presence reached it), what their capabilities ask for, and the last
 * published items sent when a resource comes online or starts asking for a node (§4.3.4, "+notify" added): each
 * resource gets a node's last item once per interest, not on every presence update.
 */
final class Presence {
    private final PubSub ps;
    private final Hosts hosts;
    /** account → present resource → nodes whose last item it has had (or was notified of). */
    private final Map<Jid, Map<Jid, Set<String>>> present = new ConcurrentHashMap<>();
    /** present resource → accounts tracking it (to forget its capabilities when none does). */
    private final Map<Jid, Set<Jid>> trackedBy = new ConcurrentHashMap<>();
    private volatile Notifier notifier;

    Presence(PubSub ps, Hosts hosts) {
        this.ps = ps;
        this.hosts = hosts;
    }

    void notifier(Notifier n) {
        notifier = n;
    }

    /**
     * A local client's own broadcast presence (no {@code to}): for its own account, and for the local contacts it
     * has a presence subscription to (their PEP services, even when its presence is not routed to them).
     */
    void own(Jid full, Stanza presence) {
        if (presence.element().attributeValue("type") != null) {
            closed(full);
            return;
        }
        update(full.bare(), full, presence, true);
        ps.roster(full.bare()).thenAccept(roster -> {
            for (RosterItem item : roster.items()) {
                if (item.subscription().hasTo() && ps.isLocalAccount(item.jid())) {
                    update(item.jid(), full, presence, false);
                }
            }
        });
    }

    /**
     * Presence from another entity arriving at a local account. A remote entity's presence comes in its sending
     * order; a local client's is a copy the server made, perhaps older than the client's own last presence.
     */
    void inbound(Jid account, Stanza presence) {
        Jid from = presence.from();
        if (from != null && from.isFull() && !from.bare().equals(account)) {
            update(account, from, presence, !ps.isLocalAccount(from.bare()));
        }
    }

    /** A local session ended or went unavailable: it is no longer present to any account. */
    void closed(Jid full) {
        untrack(full.bare(), full);
        for (Jid account : List.copyOf(trackedBy.getOrDefault(full, Set.of()))) {
            untrack(account, full);
        }
    }

    /**
     * Tracks {@code full} as present to {@code account}. {@code inOrder}: the presence is the entity's latest
     * (its own broadcast, or a remote entity's), so its capabilities are recorded; otherwise it is a copy that may
     * be stale: it counts only while the local client is still available, and its capabilities are those the
     * client last announced (taken from the copy only when none were recorded, as after this bundle restarted).
     */
    private void update(Jid account, Jid full, Stanza presence, boolean inOrder) {
        String type = presence.element().attributeValue("type");
        if ("unavailable".equals(type)) {
            untrack(account, full);
            return;
        }
        if (type != null || !inOrder && !ps.fanout.isAvailable(full)) {
            return;
        }
        present.computeIfAbsent(account, a -> new ConcurrentHashMap<>())
                .putIfAbsent(full, ConcurrentHashMap.newKeySet());
        trackedBy.computeIfAbsent(full, f -> ConcurrentHashMap.newKeySet()).add(account);
        Runnable known = () -> hosts.submit(account, true, host -> lastItems(host, full), () -> { });
        if (inOrder || !ps.caps.announced(full)) {
            ps.caps.presence(full, presence.element().element(QName.get("c", Ns.CAPS)), known);
        } else {
            ps.caps.await(full, known);
        }
    }

    private void untrack(Jid account, Jid full) {
        Map<Jid, Set<String>> of = present.get(account);
        if (of != null) {
            of.remove(full);
            if (of.isEmpty()) {
                present.remove(account, of);
            }
        }
        Set<Jid> accounts = trackedBy.get(full);
        if (accounts != null) {
            accounts.remove(account);
            if (accounts.isEmpty()) {
                trackedBy.remove(full, accounts);
                ps.caps.forget(full);
            }
        }
    }

    /** The resources present to an account. */
    Collection<Jid> present(Jid account) {
        Map<Jid, Set<String>> of = present.get(account);
        return of == null ? List.of() : List.copyOf(of.keySet());
    }

    /** Records that these resources were notified of a node (so its last item is not sent again on presence). */
    void notified(Jid account, Collection<Jid> resources, String node) {
        Map<Jid, Set<String>> of = present.get(account);
        if (of != null) {
            for (Jid r : resources) {
                Set<String> nodes = r.isFull() ? of.get(r) : null;
                if (nodes != null) {
                    nodes.add(node);
                }
            }
        }
    }

    /** On the account's queue: last items of the nodes a resource newly asks for (send_last on presence). */
    private CompletionStage<?> lastItems(Host host, Jid full) {
        Map<Jid, Set<String>> of = present.get(host.jid);
        Set<String> had = of == null ? null : of.get(full);
        if (had == null) {
            return SerialQueue.DONE;
        }
        List<Node> fresh = new ArrayList<>();
        for (Node node : host.nodes.values()) {
            if (!ps.caps.notifies(full, node.id)) {
                had.remove(node.id);
            } else if (had.add(node.id)
                    && "on_sub_and_presence".equals(node.config.get(NodeConfig.SEND_LAST))) {
                fresh.add(node);
            }
        }
        if (fresh.isEmpty()) {
            return SerialQueue.DONE;
        }
        if (host.isAccount(full)) {
            return sendAll(host, fresh, full, null, true);
        }
        return ps.roster(host.jid).thenCompose(roster -> {
            RosterItem item = roster.items().stream().filter(i -> i.jid().equals(full.bare())).findFirst()
                    .orElse(null);
            return sendAll(host, fresh, full, item, false);
        });
    }

    private CompletionStage<?> sendAll(Host host, List<Node> nodes, Jid to, RosterItem item, boolean own) {
        CompletionStage<?> chain = SerialQueue.DONE;
        for (Node node : nodes) {
            boolean admitted = own || (item != null && Access.admits(node, item))
                    || "open".equals(node.config.accessModel()) || node.isSubscribed(to);
            if (admitted && node.affiliation(to) != Affiliation.OUTCAST) {
                chain = chain.thenCompose(v -> notifier.sendLast(host, node, to));
            }
        }
        return chain;
    }
}
