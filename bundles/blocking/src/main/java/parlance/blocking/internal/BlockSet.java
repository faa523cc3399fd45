package parlance.blocking.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * XEP-0191 §3.3 (block), §3.4 (unblock) and §3.5 (unblock all: {@code <unblock/>} without items). A block without
 * items is a {@code bad-request}, an unpreparable address {@code jid-malformed}. After the change is stored every
 * session that asked for the blocklist gets the push, then the request is answered (pushes first, so a client
 * that updates its cached list from pushes, as Smack does, has it when the result arrives), and
 * {@link BlockPresence} tells the contacts concerned (unavailable on block, current presence on unblock).
 */
@Component(property = {IqHandler.TYPE + "=set", IqHandler.NAMESPACE + "=" + Ns.BLOCKING,
        IqHandler.ELEMENT + "=block", IqHandler.ELEMENT + "=unblock",
        IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT, IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER})
public class BlockSet implements IqHandler {
    private final Blocklists lists;
    private final AddressPreparer preparer;
    private final BlockPresence presence;

    @Activate
    public BlockSet(@Reference Blocklists lists, @Reference AddressPreparer preparer,
            @Reference BlockPresence presence) {
        this.lists = lists;
        this.preparer = preparer;
        this.presence = presence;
    }

    @Override
    public void handle(HandlerContext ctx) {
        Jid account = Own.account(ctx);
        if (account == null) {
            ctx.replyError(StanzaError.FORBIDDEN, "Only the account itself may change its blocklist");
            return;
        }
        Element payload = ctx.stanza().payload();
        boolean block = "block".equals(payload.getName());
        Set<Jid> items = new LinkedHashSet<>();
        for (Element item : payload.elements()) {
            if (!"item".equals(item.getName())) {
                continue;
            }
            try {
                String text = item.attributeValue("jid");
                if (text == null) {
                    throw new JidFormatException("item without jid");
                }
                items.add(preparer.parse(text));
            } catch (JidFormatException e) {
                ctx.replyError(StanzaError.JID_MALFORMED, e.getMessage());
                return;
            }
        }
        if (block && items.isEmpty()) {
            ctx.replyError(StanzaError.BAD_REQUEST, "A block needs at least one item");
            return;
        }
        lists.update(account, list -> block ? list.plus(items) : items.isEmpty() ? Blocklist.EMPTY
                : list.minus(items)).whenComplete((lists2, e) -> {
                    if (e != null) {
                        ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
                        return;
                    }
                    // pushes first: a client that updates its cached list from pushes has it when the result comes
                    push(account, payload.getName(), items);
                    ctx.reply(null);
                    presence.changed(account, lists2.get(0), lists2.get(1));
                });
    }

    /** §3.3/§3.4: the same block or unblock, as an IQ set, to every session that asked for the blocklist. */
    private void push(Jid account, String name, Set<Jid> items) {
        List<ClientSession> targets = new ArrayList<>(lists.interestedSessions(account));
        int n = 0;
        for (ClientSession session : targets) {
            Element iq = Stanzas.newElement(Stanza.Kind.IQ);
            iq.addAttribute("type", "set");
            iq.addAttribute("id", "block-push-" + System.nanoTime() + '-' + n++);
            iq.addAttribute("to", session.jid().toString());
            iq.add(Blocklist.element(name, items));
            session.deliver(Stanza.of(iq, null, session.jid()));
        }
    }
}
