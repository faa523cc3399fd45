package parlance.im.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.stanza.Stanza;

/** The two presence handlers the router calls: the account's (inbound and broadcast) and the sender's (outbound). */
final class PresenceHandlers {
    private PresenceHandlers() {
    }

    /**
     * Presence for a local account: without {@code to}, the client's own broadcast (RFC 6121 §4.2, §4.4, §4.5);
     * with {@code to}, subscription stanzas (§3, contact side) and probes (§4.3.2) are handled here, while available
     * and unavailable presence is left to the router's delivery to available resources (§8.5.2.1.2).
     */
    @Component(service = StanzaHandler.class, property = {StanzaHandler.KIND + "=presence",
        IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT})
    public static class Inbound implements StanzaHandler {
        private final Subscriptions subscriptions;
        private final Presences presences;

        @Activate
        public Inbound(@Reference Subscriptions subscriptions, @Reference Presences presences) {
            this.subscriptions = subscriptions;
            this.presences = presences;
        }

        @Override
        public boolean handle(HandlerContext ctx) {
            Stanza stanza = ctx.stanza();
            String type = stanza.type();
            if (stanza.to() == null) {
                if (ctx.origin() != null) {
                    presences.broadcast(ctx.origin(), stanza);
                }
                return true;
            }
            if (Subscriptions.isSubscriptionType(type)) {
                if (stanza.from() != null) {
                    subscriptions.inbound(stanza);
                }
                return true;
            }
            if ("probe".equals(type)) {
                presences.inboundProbe(stanza);
                return true;
            }
            return false;
        }
    }

    /**
     * Presence a local client sends to another address (RFC 6121 §3 user side, §4.6 directed presence). Subscription
     * stanzas are taken over (state change, bare {@code from} stamped, routed); directed presence is remembered and
     * routed on; probes from clients are dropped (§4.3: the server sends probes).
     */
    @Component(service = StanzaHandler.class, property = {StanzaHandler.KIND + "=presence",
        IqHandler.TARGET + "=" + StanzaHandler.TARGET_OUTBOUND})
    public static class Outbound implements StanzaHandler {
        private final Subscriptions subscriptions;
        private final Presences presences;

        @Activate
        public Outbound(@Reference Subscriptions subscriptions, @Reference Presences presences) {
            this.subscriptions = subscriptions;
            this.presences = presences;
        }

        @Override
        public boolean handle(HandlerContext ctx) {
            Stanza stanza = ctx.stanza();
            String type = stanza.type();
            if (Subscriptions.isSubscriptionType(type)) {
                subscriptions.outbound(stanza);
                return true;
            }
            if ("probe".equals(type)) {
                return true;
            }
            if (ctx.origin() != null) {
                presences.directed(ctx.origin(), stanza);
            }
            return false;
        }
    }
}
