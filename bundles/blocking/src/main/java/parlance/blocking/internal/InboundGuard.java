package parlance.blocking.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.server.ServerInfo;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * XEP-0191 §3.3, the blocker's server, for presence and IQs addressed to a local account (bare or full), ahead of
 * every other handler: from an address the account blocks, presence (notifications, subscriptions, probes) is
 * dropped without an error, an IQ get or set is answered with {@code service-unavailable}, other IQs are dropped.
 * Stanzas a local account sends (with no client session behind them: presence broadcasts of the IM bundle) to an
 * address it blocks are dropped too, except unavailable presence, which the block itself sends.
 */
@Component(property = {StanzaHandler.KIND + "=presence", StanzaHandler.KIND + "=iq",
        IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT, "service.ranking:Integer=1000"})
public class InboundGuard implements StanzaHandler {
    private final Blocklists lists;
    private final String domain;

    @Activate
    public InboundGuard(@Reference Blocklists lists, @Reference ServerInfo server) {
        this.lists = lists;
        this.domain = server.domain();
    }

    @Override
    public boolean handle(HandlerContext ctx) {
        Stanza s = ctx.stanza();
        Jid from = s.from();
        Jid to = s.to();
        if (from == null || to == null || to.local() == null || Own.sameBare(from, to)
                || (from.local() == null && from.domain().equals(domain))) {
            return false;
        }
        Blocklist recipient = lists.cached(to);
        if (recipient != null && recipient.blocks(from)) {
            if (s.isIqRequest()) {
                ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
            }
            return true;
        }
        if (from.local() != null && from.domain().equals(domain)) {
            Blocklist sender = lists.cached(from);
            boolean unavailable = s.kind() == Stanza.Kind.PRESENCE && "unavailable".equals(s.type());
            if (sender != null && !unavailable && sender.blocks(to)) {
                if (s.isIqRequest()) {
                    ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
                }
                return true;
            }
        }
        return false;
    }
}
