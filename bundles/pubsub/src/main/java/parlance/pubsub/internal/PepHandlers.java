package parlance.pubsub.internal;

import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionListener;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import java.util.concurrent.CompletionStage;

/**
 * The PEP side of the bundle (XEP-0163): handlers registered for accounts ({@code target=account}, so an IQ to an
 * account's bare address or without {@code to} reaches them), a presence watcher that sees every presence for a
 * local account before delivery, and a session listener. Registered through the bundle context with the service
 * properties the router and disco read.
 */
final class PepHandlers {
    private PepHandlers() {
    }

    /** The PEP account an IQ is for: its {@code to}, or the sender's own account (RFC 6120 §10.3.3). */
    static Jid account(Stanza stanza) {
        return stanza.to() == null ? stanza.from().bare() : stanza.to().bare();
    }

    static Request request(HandlerContext ctx, Jid account) {
        ClientSession origin = ctx.origin();
        return new Request(ctx.stanza(), account, reply -> {
            if (origin != null && reply.to() != null && reply.to().equals(origin.jid())) {
                origin.deliver(reply);
            } else {
                ctx.route(reply);
            }
        });
    }

    /** {@code <pubsub/>} requests (both namespaces, get and set) to an account's PEP service. */
    static final class PubSubRequests implements IqHandler {
        private final Engine engine;

        PubSubRequests(Engine engine) {
            this.engine = engine;
        }

        @Override
        public void handle(HandlerContext ctx) {
            Jid account = account(ctx.stanza());
            if (!engine.ps.isLocalAccount(account)) {
                ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
                return;
            }
            engine.request(account, true, request(ctx, account));
        }
    }

    /**
     * disco#info and disco#items on an account (XEP-0030 §3.1, XEP-0163 §1.3): the account with its PEP identity
     * and the features of every account handler, or a PEP node. Unknown accounts: {@code service-unavailable}.
     */
    static final class AccountDisco implements IqHandler {
        private final Engine engine;
        private final boolean info;
        private final Supplier<Collection<String>> features;
        private final Function<String, CompletionStage<Boolean>> exists;

        AccountDisco(Engine engine, boolean info, Supplier<Collection<String>> features,
                Function<String, CompletionStage<Boolean>> exists) {
            this.engine = engine;
            this.info = info;
            this.features = features;
            this.exists = exists;
        }

        @Override
        public void handle(HandlerContext ctx) {
            Stanza stanza = ctx.stanza();
            Jid account = account(stanza);
            if (!engine.ps.isLocalAccount(account)) {
                ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
                return;
            }
            Request req = request(ctx, account);
            Runnable answer = () -> {
                if (info && stanza.payload().attributeValue("node") == null) {
                    engine.disco.accountInfo(req, features.get());
                } else {
                    engine.request(account, true, req);
                }
            };
            if (stanza.from().bare().equals(account)) {
                answer.run();
                return;
            }
            exists.apply(account.local()).whenComplete((yes, e) -> {
                if (Boolean.TRUE.equals(yes)) {
                    answer.run();
                } else {
                    req.error(e != null ? StanzaError.INTERNAL_SERVER_ERROR : StanzaError.SERVICE_UNAVAILABLE);
                }
            });
        }
    }

    /**
     * Sees every presence for a local account before im delivers it (higher {@code service.ranking}, always
     * returns {@code false}): a client's own broadcast (no {@code to}) and presence from contacts, for
     * capabilities and last published items (XEP-0163 §4.3).
     */
    static final class PresenceWatch implements StanzaHandler {
        private final Engine engine;

        PresenceWatch(Engine engine) {
            this.engine = engine;
        }

        @Override
        public boolean handle(HandlerContext ctx) {
            Stanza stanza = ctx.stanza();
            if (stanza.from() == null) {
                return false;
            }
            if (stanza.to() == null) {
                if (ctx.origin() != null && stanza.from().isFull()) {
                    engine.presence.own(stanza.from(), stanza);
                }
            } else if (stanza.to().local() != null) {
                engine.presence.inbound(stanza.to().bare(), stanza);
            }
            return false;
        }
    }

    /** A session that ends is no longer present to anyone. */
    static final class SessionWatch implements SessionListener {
        private final Engine engine;

        SessionWatch(Engine engine) {
            this.engine = engine;
        }

        @Override
        public void sessionClosed(ClientSession session) {
            engine.presence.closed(session.jid());
        }
    }
}
