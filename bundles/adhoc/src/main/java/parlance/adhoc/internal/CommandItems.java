package parlance.adhoc.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;

/**
 * XEP-0050 §2.2: disco#items of the server's node {@code http://jabber.org/protocol/commands} lists the commands
 * the requester may run (none for a non-admin). The router keys IQ handlers without the disco node, so this
 * handler ranks above the disco bundle's server disco#items and hands every other request to it (the highest
 * other handler of that key, tracked dynamically); without one, other requests get an empty result.
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.DISCO_ITEMS,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
        CommandItems.MARK + "=true", "service.ranking:Integer=100"})
public class CommandItems implements IqHandler {
    /** Service property marking this handler, so that it never delegates to itself. */
    static final String MARK = "parlance.adhoc.items";

    private final AdminCommands commands;
    private final String domain;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(&(" + IqHandler.NAMESPACE + "="
                    + Namespaces.DISCO_ITEMS + ")(" + IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER + ")("
                    + IqHandler.TYPE + "=get)(!(" + MARK + "=true)))")
    volatile IqHandler next;

    @Activate
    public CommandItems(@Reference AdminCommands commands, @Reference parlance.api.server.ServerInfo server) {
        this.commands = commands;
        this.domain = server.domain();
    }

    @Override
    public void handle(HandlerContext ctx) throws Exception {
        String node = ctx.stanza().payload().attributeValue("node");
        if (!Ns.COMMANDS.equals(node)) {
            IqHandler delegate = next;
            if (delegate != null) {
                delegate.handle(ctx);
            } else {
                ctx.reply(DocumentHelper.createElement(QName.get("query", Namespaces.DISCO_ITEMS)));
            }
            return;
        }
        Element query = DocumentHelper.createElement(QName.get("query", Namespaces.DISCO_ITEMS));
        query.addAttribute("node", Ns.COMMANDS);
        var requester = ctx.stanza().from() == null ? null : ctx.stanza().from().bare();
        for (Command c : commands.all()) {
            if (ctx.origin() != null && c.allowed(requester)) {
                Element item = query.addElement(QName.get("item", Namespaces.DISCO_ITEMS));
                item.addAttribute("jid", domain);
                item.addAttribute("node", c.node());
                item.addAttribute("name", c.name());
            }
        }
        ctx.reply(query);
    }
}
