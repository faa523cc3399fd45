package parlance.pubsub.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.storage.RosterItem;

/**
 * Who hears of a node's events and how (XEP-0060 §7.1.2, XEP-0163 §4.3): the node's subscribers, and for PEP
 * also the account's own available resources and its contacts' present resources whose capabilities ask for
 * {@code node+notify} and whom the access model admits. One {@link Fanout#broadcast} per event.
 */
final class Notifier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Notifier.class);

    private final PubSub ps;
    private final Presence presence;

    Notifier(PubSub ps, Presence presence) {
        this.ps = ps;
        this.presence = presence;
    }

    /** Sends {@code event} (a new element) about {@code node} to everyone who should get it. */
    CompletionStage<Void> notify(Host host, Node node, Element event) {
        if (!node.config.is(NodeConfig.DELIVER_NOTIFICATIONS)) {
            return SerialQueue.DONE;
        }
        return recipients(host, node).thenAccept(to -> {
            if (host.pep) {
                presence.notified(host.jid, to, node.id);
            }
            ps.fanout.broadcast(Items.message(node, event, null, null), host.jid, to);
        });
    }

    CompletionStage<Set<Jid>> recipients(Host host, Node node) {
        Set<Jid> to = new LinkedHashSet<>();
        if (!host.pep) {
            addSubscribers(node, to);
            return CompletableFuture.completedFuture(to);
        }
        for (ClientSession own : ps.fanout.available(host.jid)) {
            if (ps.caps.notifies(own.jid(), node.id)) {
                to.add(own.jid());
            }
        }
        return ps.roster(host.jid).thenApply(roster -> {
            for (RosterItem item : roster.items()) {
                if (!Access.admits(node, item)) {
                    continue;
                }
                for (Jid full : present(host.jid, item.jid())) {
                    if (ps.caps.notifies(full, node.id)) {
                        to.add(full);
                    }
                }
            }
            if ("open".equals(node.config.accessModel())) {
                for (Jid full : presence.present(host.jid)) {
                    if (ps.caps.notifies(full, node.id)) {
                        to.add(full);
                    }
                }
            }
            addSubscribers(node, to);
            return to;
        });
    }

    /** The present resources of a contact: local sessions, or those that sent presence to the account. */
    private List<Jid> present(Jid account, Jid contact) {
        if (ps.isLocalAccount(contact)) {
            return ps.fanout.available(contact).stream().map(ClientSession::jid).toList();
        }
        return presence.present(account).stream().filter(j -> j.bare().equals(contact)).toList();
    }

    /** Active subscriptions that want delivery; a bare subscription is skipped when a resource already gets it. */
    private static void addSubscribers(Node node, Set<Jid> to) {
        for (var sub : node.subscriptions) {
            if (!sub.isActive() || !sub.deliver()) {
                continue;
            }
            if (sub.jid.isBare() && to.stream().anyMatch(j -> j.bare().equals(sub.jid))) {
                continue;
            }
            to.add(sub.jid);
        }
    }

    /** Sends a node's last published item to one entity (§6.1.7, XEP-0163 §4.3.4), marked delayed. */
    CompletionStage<Void> sendLast(Host host, Node node, Jid to) {
        if (!node.config.is(NodeConfig.PERSIST)) {
            return SerialQueue.DONE;
        }
        return ps.storage.store().items(host.key(), node.id, 1).thenAccept(items -> {
            if (items.isEmpty()) {
                return;
            }
            var last = items.get(items.size() - 1);
            Element event = Items.eventItems(node.id,
                    List.of(Items.item(Ns.EVENT, last, node.config.is(NodeConfig.DELIVER_PAYLOADS))));
            ps.fanout.send(Items.message(node, event, last.published(), host.jid.toString()), host.jid, to);
        }).exceptionally(e -> {
            LOG.warn("Last item of {} on {} not sent to {}: {}", node.id, host.key(), to, e.toString());
            return null;
        });
    }
}
