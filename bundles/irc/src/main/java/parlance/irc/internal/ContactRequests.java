package parlance.irc.internal;

import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.stanza.Stanza;

/**
 * Presence from a user to an IRC contact {@code nick@gateway} (XEP-0100 §4.6, §4.7; RFC 6121 §3, §4.3). IRC has
 * no subscriptions, so the gateway answers for the nickname: {@code subscribe} is approved at once with
 * {@code subscribed}, followed by the contact's own {@code subscribe} (§4.6.1: the legacy contact asks back) and,
 * once known, its presence; {@code unsubscribe} is answered {@code unsubscribed} and {@code unavailable} and ends
 * the tracking (§4.7.1); a {@code probe} from the user's server is answered with the contact's current presence
 * (unavailable while the user has no IRC connection). Subscribing and probing put the nickname on the user's
 * contact list, which the connection watches ({@link ContactTracker}).
 */
final class ContactRequests {
    private final ContactLists lists;
    private final IrcSessions sessions;
    private final Router router;

    ContactRequests(IrcSessions sessions, Router router) {
        this.lists = sessions.contacts();
        this.sessions = sessions;
        this.router = router;
    }

    /** Handles presence of {@code type} to the contact {@code nick} from a registered user. */
    void presence(Stanza stanza, String nick) {
        Jid user = stanza.from().bare();
        Jid contact = stanza.to().bare();
        switch (stanza.type()) {
            case "subscribe" -> {
                if (!IrcNames.isNick(nick)) {
                    router.route(Out.presence(contact, user, "unsubscribed"));
                    return;
                }
                lists.add(user, nick);
                router.route(Out.presence(contact, user, "subscribed"));
                router.route(Out.presence(contact, user, "subscribe"));
                sessions.ifOpen(user, s -> s.presence.contacts.track(nick, user));
            }
            case "probe" -> {
                if (IrcNames.isNick(nick)) {
                    lists.add(user, nick);
                }
                if (!IrcNames.isNick(nick)
                        || !sessions.ifOpen(user, s -> s.presence.contacts.track(nick, stanza.from()))) {
                    router.route(Out.presence(contact, stanza.from(), "unavailable"));
                }
            }
            case "unsubscribe" -> {
                lists.remove(user, nick);
                sessions.ifOpen(user, s -> s.presence.contacts.untrack(nick));
                router.route(Out.presence(contact, user, "unsubscribed"));
                router.route(Out.presence(contact, user, "unavailable"));
            }
            default -> {
                // available, unavailable (directed presence), subscribed, unsubscribed: IRC has no use for them
            }
        }
    }

    /** Presence to a contact from a user who has not registered: no contact, no presence. */
    void unregistered(Stanza stanza) {
        Jid contact = stanza.to().bare();
        switch (stanza.type()) {
            case "subscribe" -> router.route(Out.presence(contact, stanza.from().bare(), "unsubscribed"));
            case "probe" -> router.route(Out.presence(contact, stanza.from(), "unavailable"));
            default -> {
                // nothing to answer
            }
        }
    }
}
