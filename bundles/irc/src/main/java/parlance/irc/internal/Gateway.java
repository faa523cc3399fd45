package parlance.irc.internal;

import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The gateway's entry point from the router (XEP-0100): IQs go to {@link GatewayIq}; presence to the gateway itself
 * logs the user in and out (§4.4, §4.5) and answers subscriptions and probes (§4.1.1); presence to a contact
 * {@code nick@gateway} goes to {@link ContactRequests} (§4.6, §4.7); presence and messages to a room
 * {@code #channel@gateway[/nick]}, and messages to a contact, go to the user's {@link IrcSession}.
 * Everything but registration needs a registration first: {@code registration-required} otherwise (§4, XEP-0077
 * §3). Never blocks: the session's work runs on its own event loop.
 */
final class Gateway implements HostedService {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayIq iq;
    private final Registrations registrations;
    private final IrcSessions sessions;
    private final Addresses addresses;
    private final Router router;
    private final ContactRequests contacts;

    Gateway(GatewayIq iq, Registrations registrations, IrcSessions sessions, Addresses addresses, Router router) {
        this.iq = iq;
        this.registrations = registrations;
        this.sessions = sessions;
        this.addresses = addresses;
        this.router = router;
        this.contacts = new ContactRequests(sessions, router);
    }

    @Override
    public void receive(Stanza stanza, Router unused) {
        if (stanza.from() == null || stanza.to() == null || stanza.isError()) {
            return;
        }
        if (stanza.isIq()) {
            if (stanza.isIqRequest()) {
                iq.answer(stanza);
            }
            return;
        }
        Jid user = stanza.from().bare();
        registrations.get(user).whenComplete((registration, e) -> {
            if (e != null) {
                LOG.warn("Registration of {} unreadable: {}", user, e.toString());
                reject(stanza, StanzaError.INTERNAL_SERVER_ERROR, null);
            } else {
                registered(stanza, registration);
            }
        });
    }

    private void registered(Stanza stanza, Optional<Registration> registration) {
        String type = stanza.type();
        boolean presence = stanza.kind() == Stanza.Kind.PRESENCE;
        if (presence && stanza.to().local() == null) {
            toGateway(stanza, registration);
        } else if (registration.isEmpty()) {
            if (presence && ("subscribe".equals(type) || "probe".equals(type))) {
                contacts.unregistered(stanza);
            } else if (!presence || "available".equals(type)) {
                reject(stanza, StanzaError.REGISTRATION_REQUIRED, "Register with " + addresses.gateway() + " first");
            }
        } else if (presence) {
            toRoomOrContact(stanza, registration.get());
        } else {
            message(stanza);
        }
    }

    /** Presence to the gateway itself (XEP-0100 §4.1.1, §4.4, §4.5). */
    private void toGateway(Stanza stanza, Optional<Registration> registration) {
        Jid user = stanza.from().bare();
        switch (stanza.type()) {
            case "available" -> {
                if (registration.isEmpty()) {
                    reject(stanza, StanzaError.REGISTRATION_REQUIRED, "Register with " + addresses.gateway()
                            + " first");
                } else if (!sessions.run(user, registration.get(), s -> s.online(stanza))) {
                    reject(stanza, StanzaError.RESOURCE_CONSTRAINT, "The gateway has no room for more connections");
                }
            }
            case "unavailable" -> sessions.ifOpen(user, s -> s.offline(stanza.from()));
            case "subscribe" -> router.route(Out.presence(addresses.gateway(), user,
                    registration.isPresent() ? "subscribed" : "unsubscribed"));
            case "probe" -> {
                if (!sessions.ifOpen(user, s -> router.route(Out.presence(addresses.gateway(), stanza.from(),
                        s.isOnline() ? null : "unavailable")))) {
                    router.route(Out.presence(addresses.gateway(), stanza.from(), "unavailable"));
                }
            }
            default -> {
                // subscribed, unsubscribe, unsubscribed: nothing to do for the gateway
            }
        }
    }

    /**
     * Presence to {@code #channel@gateway/nick}: enter or leave (XEP-0045 §7.2, §7.14); to a contact
     * {@code nick@gateway}: subscriptions and probes ({@link ContactRequests}, XEP-0100 §4.6, §4.7).
     */
    private void toRoomOrContact(Stanza stanza, Registration registration) {
        String name = Addresses.ircName(stanza.to());
        if (!IrcNames.isChannel(name)) {
            if (stanza.to().resource() == null) {
                contacts.presence(stanza, name);
            }
            return;
        }
        Jid user = stanza.from().bare();
        if ("unavailable".equals(stanza.type())) {
            sessions.ifOpen(user, s -> s.requests.leave(stanza, name));
        } else if ("available".equals(stanza.type())) {
            if (stanza.to().resource() == null) {
                reject(stanza, StanzaError.JID_MALFORMED, "Join with a nickname: " + stanza.to() + "/nick");
            } else if (!sessions.run(user, registration, s -> s.requests.join(stanza, name))) {
                reject(stanza, StanzaError.RESOURCE_CONSTRAINT, "The gateway has no room for more connections");
            }
        }
    }

    /** Groupchat to a room (§7.4), chat to an occupant (§7.5) or to {@code nick@gateway}: needs a connection. */
    private void message(Stanza stanza) {
        Jid to = stanza.to();
        String name = Addresses.ircName(to);
        boolean room = IrcNames.isChannel(name);
        Consumer<IrcSession> work;
        if (room && to.resource() == null) {
            work = "groupchat".equals(stanza.type()) ? s -> s.requests.groupchat(stanza, name) : null;
        } else {
            String nick = room ? to.resource() : name;
            work = "groupchat".equals(stanza.type()) ? null : s -> s.requests.privateMessage(stanza, nick);
        }
        if (work == null) {
            reject(stanza, StanzaError.BAD_REQUEST, "groupchat goes to a room, chat to a nickname");
        } else if (!sessions.ifOpen(stanza.from().bare(), work)) {
            reject(stanza, StanzaError.RECIPIENT_UNAVAILABLE, "Not connected to IRC: send presence to "
                    + addresses.gateway() + " or join a room first");
        }
    }

    private void reject(Stanza stanza, StanzaError condition, String text) {
        Stanza error = Stanzas.error(stanza, condition, text);
        if (error != null) {
            router.route(error);
        }
    }
}
