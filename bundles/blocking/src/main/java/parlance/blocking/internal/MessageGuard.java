package parlance.blocking.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.handler.MessageInterceptor;
import parlance.api.router.Router;
import parlance.api.server.ServerInfo;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * XEP-0191 §3.3 for messages, ahead of the archive and offline storage ({@code service.ranking} 1000): a message
 * from an address the account blocks is not delivered (nor stored, nor archived) and the sender gets
 * {@code service-unavailable}; a message the account's client sends to an address it blocks is refused with
 * {@code not-acceptable} + {@code <blocked/>}; a message sent on a local account's behalf without a session (a
 * service, PEP) to an address it blocks is dropped. Works for offline accounts too: their list is read from the
 * store.
 */
@Component(property = "service.ranking:Integer=1000")
public class MessageGuard implements MessageInterceptor {
    private final Blocklists lists;
    private final Router router;
    private final String domain;

    @Activate
    public MessageGuard(@Reference Blocklists lists, @Reference Router router, @Reference ServerInfo server) {
        this.lists = lists;
        this.router = router;
        this.domain = server.domain();
    }

    @Override
    public CompletionStage<Stanza> inbound(Jid account, ClientSession origin, Stanza message) {
        Jid from = message.from();
        if (from == null || Own.sameBare(from, account) || (from.local() == null && from.domain().equals(domain))) {
            return CompletableFuture.completedFuture(message);
        }
        if (origin == null && from.local() != null && from.domain().equals(domain)) {
            Blocklist sender = lists.cached(from);
            if (sender != null && sender.blocks(account)) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return lists.get(account.local()).thenApply(list -> {
            if (!list.blocks(from)) {
                return message;
            }
            Stanza error = Stanzas.error(message, StanzaError.SERVICE_UNAVAILABLE, null);
            if (error != null) {
                if (origin != null) {
                    origin.deliver(error);
                } else {
                    router.route(error);
                }
            }
            return null;
        });
    }

    @Override
    public CompletionStage<Stanza> outbound(ClientSession origin, Stanza message) {
        Jid to = message.to();
        if (to == null || (to.local() == null && to.domain().equals(domain))) {
            return CompletableFuture.completedFuture(message);
        }
        return lists.get(origin.jid().local()).thenApply(list -> {
            if (!list.blocks(to)) {
                return message;
            }
            Stanza error = Own.blockedError(message);
            if (error != null) {
                origin.deliver(error);
            }
            return null;
        });
    }
}
