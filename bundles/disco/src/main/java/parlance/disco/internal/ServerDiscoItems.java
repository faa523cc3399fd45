package parlance.disco.internal;

import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;

/**
 * disco#items for the server (XEP-0030 §4.1, §4.2): one item per hosted service domain (MUC, PubSub...), as the
 * {@code HostedService} registrations name them. Unknown nodes get {@code item-not-found}.
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.DISCO_ITEMS,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
        IqHandler.FEATURE + "=" + Namespaces.DISCO_ITEMS})
public class ServerDiscoItems implements IqHandler {
    private final DiscoCatalog catalog;

    @Activate
    public ServerDiscoItems(@Reference DiscoCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void handle(HandlerContext ctx) {
        if (ctx.stanza().payload().attributeValue("node") != null) {
            ctx.replyError(StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        Element query = Addressing.element("query", Namespaces.DISCO_ITEMS);
        for (String domain : catalog.serviceDomains()) {
            query.addElement("item", Namespaces.DISCO_ITEMS).addAttribute("jid", domain);
        }
        ctx.reply(query);
    }
}
