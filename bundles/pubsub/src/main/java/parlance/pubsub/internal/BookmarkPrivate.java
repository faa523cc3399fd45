package parlance.pubsub.internal;

import java.util.function.Supplier;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;

/**
 * XEP-0048 bookmarks in private XML storage (XEP-0049), unified with XEP-0402 (§5.3): registered for
 * {@code jabber:iq:private} with a higher {@code service.ranking} than the private storage handler it stands in
 * front of ({@code next}), which keeps storing everything. On the account's queue, a get of {@code storage:bookmarks}
 * alone is answered from the XEP-0402 node when the account has one; a set carrying {@code storage:bookmarks}
 * first updates the XEP-0402 items, then goes on to the private storage handler, so that a later request of the
 * same client, PEP or private, sees both.
 */
final class BookmarkPrivate implements IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BookmarkPrivate.class);

    private final Engine engine;
    private final Supplier<IqHandler> next;

    BookmarkPrivate(Engine engine, Supplier<IqHandler> next) {
        this.engine = engine;
        this.next = next;
    }

    @Override
    public void handle(HandlerContext ctx) {
        Element query = ctx.stanza().payload();
        Element storage = query.element(QName.get("storage", Bookmarks.LEGACY));
        Jid account = ctx.origin() == null ? null : ctx.origin().jid().bare();
        Jid to = ctx.stanza().to();
        if (storage == null || account == null || (to != null && !to.bare().equals(account))
                || !engine.ps.isLocalAccount(account)) {
            delegate(ctx);
            return;
        }
        if ("set".equals(ctx.stanza().type())) {
            engine.hosts.submit(account, true, host -> engine.bookmarks.fromLegacy(host, storage, false)
                    .whenComplete((v, e) -> delegate(ctx)), () -> delegate(ctx));
        } else if (query.elements().size() == 1) {
            engine.hosts.submit(account, true, host -> engine.bookmarks.legacy(host).handle((found, e) -> {
                if (found == null) { // no XEP-0402 node (or unreadable): what private storage holds
                    delegate(ctx);
                } else {
                    Element reply = Ns.element("query", Namespaces.PRIVATE);
                    reply.add(found);
                    ctx.reply(reply);
                }
                return null;
            }), () -> delegate(ctx));
        } else {
            delegate(ctx);
        }
    }

    private void delegate(HandlerContext ctx) {
        IqHandler handler = next.get();
        if (handler == null) {
            ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
            return;
        }
        try {
            handler.handle(ctx);
        } catch (Exception e) {
            LOG.warn("Private storage handler failed on {}: {}", ctx.stanza(), e.toString());
            ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
        }
    }
}
