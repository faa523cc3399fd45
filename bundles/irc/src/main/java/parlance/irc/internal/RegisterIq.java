package parlance.irc.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * Registration with the gateway (XEP-0100 §4.1 and §4.3, by XEP-0077 §3): a get returns the fields {@code nick}
 * and {@code password} (with {@code <registered/>} and the nick when registered, never the password); a set stores
 * them and, for a new registration, asks for a subscription to the user's presence (XEP-0100 §4.1.1, so the
 * gateway learns when the user comes online); a changed registration closes the user's IRC connection so the next
 * presence logs in with it. {@code <remove/>} deletes the registration, QUITs, and sends {@code unsubscribe},
 * {@code unsubscribed} and {@code unavailable} (§4.3). Never blocks: storage completes asynchronously.
 */
final class RegisterIq {
    private static final Logger LOG = LoggerFactory.getLogger(RegisterIq.class);

    private final Registrations registrations;
    private final IrcSessions sessions;
    private final Addresses addresses;
    private final Router router;

    RegisterIq(Registrations registrations, IrcSessions sessions, Addresses addresses, Router router) {
        this.registrations = registrations;
        this.sessions = sessions;
        this.addresses = addresses;
        this.router = router;
    }

    /** Answers {@code iq}; the result goes out before the presence that follows it (§4.1.1 step order). */
    void answer(Stanza iq) {
        Jid user = iq.from().bare();
        CompletionStage<Stanza> reply = registrations.get(user).thenCompose(current -> "get".equals(iq.type())
                ? CompletableFuture.completedFuture(form(iq, current))
                : iq.payload().element(QName.get("remove", Namespaces.REGISTER)) != null ? remove(iq, user, current)
                : register(iq, user, current));
        reply.whenComplete((answer, e) -> {
            if (e != null) {
                LOG.warn("Registration of {} failed: {}", user, e.toString());
                answer = Stanzas.error(iq, StanzaError.INTERNAL_SERVER_ERROR, null);
            }
            if (answer != null) {
                router.route(answer);
            }
        });
    }

    /** XEP-0077 §3.1: the fields, and what is registered. */
    private Stanza form(Stanza iq, Optional<Registration> current) {
        Element query = DocumentHelper.createElement(QName.get("query", Namespaces.REGISTER));
        query.addElement(QName.get("instructions", Namespaces.REGISTER)).setText("Choose your IRC nickname. The "
                + "password is optional: it is sent as the IRC server password (PASS), which many networks pass "
                + "on to NickServ.");
        current.ifPresent(r -> query.addElement(QName.get("registered", Namespaces.REGISTER)));
        query.addElement(QName.get("nick", Namespaces.REGISTER)).setText(current.map(Registration::nick).orElse(""));
        query.addElement(QName.get("password", Namespaces.REGISTER));
        return Stanzas.iqResult(iq, query);
    }

    private CompletionStage<Stanza> register(Stanza iq, Jid user, Optional<Registration> current) {
        Element query = iq.payload();
        String nick = query.elementTextTrim("nick");
        if (nick == null || nick.isEmpty()) {
            nick = query.elementTextTrim("username"); // the field generic gateway clients fill in
        }
        if (!IrcNames.isNick(nick)) {
            return done(Stanzas.error(iq, StanzaError.NOT_ACCEPTABLE, "Not an IRC nickname (RFC 2812 §2.3.1): "
                    + nick));
        }
        Registration next = new Registration(nick, query.elementText("password"));
        return registrations.put(user, next).thenApply(v -> {
            router.route(Stanzas.iqResult(iq, null));
            if (current.isEmpty()) {
                router.route(Out.presence(addresses.gateway(), user, "subscribe"));
            } else if (!current.get().equals(next)) {
                sessions.close(user, null, "Registration changed");
            }
            return null;
        });
    }

    private CompletionStage<Stanza> remove(Stanza iq, Jid user, Optional<Registration> current) {
        if (current.isEmpty()) {
            return done(Stanzas.error(iq, StanzaError.REGISTRATION_REQUIRED, "Not registered"));
        }
        return registrations.put(user, null).thenApply(v -> {
            router.route(Stanzas.iqResult(iq, null));
            sessions.close(user, null, "Unregistered from the gateway");
            sessions.contacts().forget(user);
            router.route(Out.presence(addresses.gateway(), user, "unsubscribe"));
            router.route(Out.presence(addresses.gateway(), user, "unsubscribed"));
            router.route(Out.presence(addresses.gateway(), user, "unavailable"));
            return null;
        });
    }

    private static CompletionStage<Stanza> done(Stanza s) {
        return CompletableFuture.completedFuture(s);
    }
}
