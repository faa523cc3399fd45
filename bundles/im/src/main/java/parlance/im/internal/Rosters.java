package parlance.im.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.storage.Roster;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterStore;

/**
 * Roster access for the IM handlers: reads, serialised read-modify-write per user (so concurrent subscription
 * stanzas cannot lose an update), and roster pushes to interested resources (RFC 6121 §2.1.6).
 */
@Component(service = Rosters.class)
public class Rosters {
    /** One change: the item before and after ({@code null} = absent) and the roster version after it. */
    record Change(RosterItem before, RosterItem after, long version) {
        boolean changed() {
            return !Objects.equals(before, after);
        }
    }

    private final RosterStore store;
    private final SessionManager sessions;
    private final UserQueue queue = new UserQueue();
    private final AtomicLong pushIds = new AtomicLong();

    @Activate
    public Rosters(@Reference RosterStore store, @Reference SessionManager sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    CompletionStage<Roster> roster(String user) {
        return queue.submit(user, () -> store.roster(user));
    }

    static RosterItem find(Roster roster, Jid contact) {
        for (RosterItem item : roster.items()) {
            if (item.jid().equals(contact)) {
                return item;
            }
        }
        return null;
    }

    /**
     * Applies {@code change} to the user's item for {@code contact} ({@code null} in: no item; {@code null} out:
     * remove it) and stores the result, after every earlier change of that user completed.
     */
    /**
     * Completes once every task queued for {@code user} before it has completed, together with the deliveries
     * those tasks made when they completed.
     */
    CompletionStage<Void> barrier(String user) {
        return queue.submit(user, () -> java.util.concurrent.CompletableFuture.completedFuture(null));
    }

    CompletionStage<Change> update(String user, Jid contact, UnaryOperator<RosterItem> change) {
        Jid bare = contact.bare();
        return queue.submit(user, () -> store.roster(user).thenCompose(roster -> {
            RosterItem before = find(roster, bare);
            RosterItem after = change.apply(before);
            if (Objects.equals(before, after)) {
                return CompletableFuture.completedFuture(new Change(before, after, roster.version()));
            }
            if (after == null) {
                return store.remove(user, bare).thenApply(v -> new Change(before, null, v));
            }
            return store.put(user, after).thenApply(v -> new Change(before, after, v));
        }));
    }

    /** Pushes a change to every interested resource of the user when what the client sees changed (§2.1.6). */
    void push(Jid user, Change change) {
        boolean wasVisible = RosterXml.visible(change.before());
        boolean isVisible = RosterXml.visible(change.after());
        if (!change.changed() || (!wasVisible && !isVisible)) {
            return;
        }
        for (ClientSession session : sessions.sessions(user.bare())) {
            if (!session.isInterested()) {
                continue;
            }
            Element iq = DocumentHelper.createElement(org.dom4j.QName.get("iq", Namespaces.CLIENT));
            iq.addAttribute("type", "set");
            iq.addAttribute("id", "push" + pushIds.incrementAndGet());
            iq.addAttribute("to", session.jid().toString());
            Element query = RosterXml.query(Long.toString(change.version()));
            if (isVisible) {
                RosterXml.addItem(query, change.after());
            } else {
                RosterXml.addRemoved(query, change.before().jid());
            }
            iq.add(query);
            session.deliver(Stanza.of(iq, null, session.jid()));
        }
    }
}
