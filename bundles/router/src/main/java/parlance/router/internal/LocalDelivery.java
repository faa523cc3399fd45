package parlance.router.internal;

import java.util.ArrayList;
import java.util.List;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * Default delivery to a local account's bare address when no handler took the stanza (RFC 6121 §8.5.2). Messages of
 * type chat, normal and headline go to every available resource with a non-negative priority (§8.5.2.1.1; for
 * chat/normal we deliver to all of them, as Prosody does, instead of only the highest priority); groupchat is
 * refused with {@code service-unavailable}; errors are dropped. With no such resource (§8.5.2.2.1) chat and normal
 * get {@code service-unavailable} (offline storage is a handler in front of this), headline is dropped. Presence of
 * type available or unavailable goes to every available resource (§8.5.2.1.2); other presence is dropped here.
 */
final class LocalDelivery {
    private final SessionManager sessions;
    private final StanzaRouter router;

    LocalDelivery(SessionManager sessions, StanzaRouter router) {
        this.sessions = sessions;
        this.router = router;
    }

    /** True when the session sent available presence and has not gone unavailable since (RFC 6121 §4.1). */
    static boolean isAvailable(ClientSession session) {
        Stanza presence = session.presence();
        return presence != null && presence.element().attributeValue("type") == null;
    }

    /** Delivers a message to the account; returns the sessions that received it (for message interceptors). */
    List<ClientSession> message(ClientSession origin, Stanza message, Jid bare) {
        String type = message.type();
        switch (type) {
            case "error":
                return List.of();
            case "groupchat":
                router.sendError(origin, message, StanzaError.SERVICE_UNAVAILABLE);
                return List.of();
            case "headline":
                return deliverNonNegative(message, bare);
            default:
                // chat, normal, and unknown types, which RFC 6121 §5.2.2 says to treat as normal
                List<ClientSession> recipients = deliverNonNegative(message, bare);
                if (recipients.isEmpty()) {
                    router.sendError(origin, message, StanzaError.SERVICE_UNAVAILABLE);
                }
                return recipients;
        }
    }

    void presence(Stanza presence, Jid bare) {
        String type = presence.element().attributeValue("type");
        if (type != null && !"unavailable".equals(type)) {
            return;
        }
        for (ClientSession session : sessions.sessions(bare)) {
            if (isAvailable(session)) {
                session.deliver(presence);
            }
        }
    }

    private List<ClientSession> deliverNonNegative(Stanza message, Jid bare) {
        List<ClientSession> delivered = null;
        for (ClientSession session : sessions.sessions(bare)) {
            if (session.priority() >= 0 && isAvailable(session)) {
                session.deliver(message);
                if (delivered == null) {
                    delivered = new ArrayList<>(2);
                }
                delivered.add(session);
            }
        }
        return delivered == null ? List.of() : delivered;
    }
}
