package parlance.im.internal;

import java.util.function.UnaryOperator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.server.ServerInfo;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.storage.RosterItem;
import parlance.api.storage.UserStore;

/**
 * Presence subscriptions (RFC 6121 §3) for both ends: the user who sends a subscription stanza (outbound: roster
 * state per Appendix A.2, {@code from} stamped with the user's bare address as §3.1.2 requires, then routed) and a
 * local contact who receives one (inbound: Appendix A.3, delivery to available resources, pending requests kept
 * for later delivery, auto-replies for existing subscriptions and pre-approvals of §3.4). Every state change is
 * pushed to interested resources.
 */
@Component(service = Subscriptions.class)
public class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    private final Rosters rosters;
    private final SessionManager sessions;
    private final Router router;
    private final UserStore users;
    private final ServerInfo server;

    @Activate
    public Subscriptions(@Reference Rosters rosters, @Reference SessionManager sessions, @Reference Router router,
            @Reference UserStore users, @Reference ServerInfo server) {
        this.rosters = rosters;
        this.sessions = sessions;
        this.router = router;
        this.users = users;
        this.server = server;
    }

    static boolean isSubscriptionType(String type) {
        return "subscribe".equals(type) || "subscribed".equals(type) || "unsubscribe".equals(type)
                || "unsubscribed".equals(type);
    }

    /** The user's side: a subscription stanza a local client sent to {@code to}. */
    void outbound(Stanza stanza) {
        Jid user = stanza.from().bare();
        Jid contact = stanza.to().bare();
        String type = stanza.type();
        Stanza stamped = Xml.readdress(stanza, user, contact);
        UnaryOperator<RosterItem> op;
        switch (type) {
            case "subscribe":
                op = item -> SubscriptionStates.outSubscribe(item, contact);
                break;
            case "unsubscribe":
                op = SubscriptionStates::outUnsubscribe;
                break;
            case "subscribed":
                op = item -> SubscriptionStates.outSubscribed(item, contact);
                break;
            default:
                op = SubscriptionStates::outUnsubscribed;
        }
        rosters.update(user.local(), contact, op).whenComplete((change, error) -> {
            if (error != null) {
                LOG.warn("Outbound {} from {} to {} failed: {}", type, user, contact, error.toString());
                return;
            }
            rosters.push(user, change);
            RosterItem before = change.before();
            switch (type) {
                case "subscribed":
                    if (before != null && before.pendingIn()) { // an approval, not a pre-approval (A.2.3)
                        router.route(stamped);
                        sendPresence(user, contact, false); // §3.1.5: the contact's current presence follows
                    }
                    break;
                case "unsubscribed":
                    if (before != null && (before.subscription().hasFrom() || before.pendingIn())) {
                        router.route(stamped);
                        if (before.subscription().hasFrom()) {
                            sendPresence(user, contact, true); // §3.2.2: unavailable from each resource
                        }
                    }
                    break;
                default:
                    router.route(stamped); // §3.1.2, §3.3.2: always routed
            }
        });
    }

    /** The contact's side: a subscription stanza addressed to a local account. */
    void inbound(Stanza stanza) {
        Jid user = stanza.from().bare();
        Jid contact = stanza.to().bare();
        if (!contact.domain().equals(server.domain()) || contact.local() == null) {
            return;
        }
        String type = stanza.type();
        switch (type) {
            case "subscribe":
                users.exists(contact.local()).whenComplete((exists, error) -> {
                    if (Boolean.TRUE.equals(exists)) {
                        inboundSubscribe(stanza, user, contact);
                    }
                });
                return;
            case "unsubscribe":
                inboundChange(stanza, user, contact, SubscriptionStates::inUnsubscribe);
                return;
            case "subscribed":
                inboundChange(stanza, user, contact, SubscriptionStates::inSubscribed);
                return;
            default:
                inboundChange(stanza, user, contact, SubscriptionStates::inUnsubscribed);
        }
    }

    private void inboundSubscribe(Stanza stanza, Jid user, Jid contact) {
        rosters.update(contact.local(), user, item -> SubscriptionStates.inSubscribe(item, user))
                .whenComplete((change, error) -> {
                    if (error != null) {
                        LOG.warn("Inbound subscribe from {} to {} failed: {}", user, contact, error.toString());
                        return;
                    }
                    RosterItem before = change.before();
                    RosterItem after = change.after();
                    if (before != null && before.subscription().hasFrom()) {
                        router.route(Xml.presence("subscribed", contact, user)); // A.3.1: already subscribed
                    } else if (change.changed() && after.subscription().hasFrom()) {
                        rosters.push(contact, change); // §3.4: pre-approved, answered on the contact's behalf
                        router.route(Xml.presence("subscribed", contact, user));
                        sendPresence(contact, user, false);
                    } else if (change.changed()) {
                        rosters.push(contact, change);
                        deliver(contact, stanza); // kept as pending in; redelivered on the next initial presence
                    }
                });
    }

    private void inboundChange(Stanza stanza, Jid user, Jid contact, UnaryOperator<RosterItem> op) {
        rosters.update(contact.local(), user, op).whenComplete((change, error) -> {
            if (error != null) {
                LOG.warn("Inbound {} from {} to {} failed: {}", stanza.type(), user, contact, error.toString());
                return;
            }
            if (!change.changed()) {
                return; // Appendix A.3: no state change, not delivered
            }
            // the presence first, then the push (§3.2.3, §3.3.3 name both, in no required order): a client that
            // waits for the push to see the change has then already read the presence, and a listener it adds
            // afterwards does not get a stale one (Smack's RosterIntegrationTest does exactly that)
            deliver(contact, stanza);
            rosters.push(contact, change);
            if ("unsubscribe".equals(stanza.type()) && change.before().subscription().hasFrom()) {
                sendPresence(contact, user, true); // §3.3.3: the user no longer sees the contact
            }
        });
    }

    private void deliver(Jid account, Stanza stanza) {
        for (ClientSession session : sessions.sessions(account)) {
            if (Xml.isAvailable(session)) {
                session.deliver(stanza);
            }
        }
    }

    /** Sends the current presence (or unavailable) of each available resource of {@code of} to {@code to}. */
    void sendPresence(Jid of, Jid to, boolean unavailable) {
        for (ClientSession session : sessions.sessions(of)) {
            if (Xml.isAvailable(session)) {
                router.route(unavailable ? Xml.presence("unavailable", session.jid(), to)
                        : Xml.readdress(session.presence(), session.jid(), to));
            }
        }
    }
}
