package parlance.disco.internal;

import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;

/**
 * disco#info for the server (XEP-0030 §3.1): the identity {@code server/im} and every feature the handlers for the
 * server publish (see {@link DiscoCatalog}). A query for a node the server does not know gets
 * {@code item-not-found} (XEP-0030 §3.1, §7).
 */
@Component(configurationPid = "parlance.disco", property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.DISCO_INFO,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
        IqHandler.FEATURE + "=" + Namespaces.DISCO_INFO})
@Designate(ocd = ServerDiscoInfo.Config.class)
public class ServerDiscoInfo implements IqHandler {
    /** Configuration of the server's disco identity. */
    @ObjectClassDefinition(name = "Parlance service discovery")
    public @interface Config {
        @AttributeDefinition(name = "Server name", description = "Name of the server's disco identity (XEP-0030)")
        String name() default "Parlance";
    }

    private final DiscoCatalog catalog;
    private final String name;

    @Activate
    public ServerDiscoInfo(@Reference DiscoCatalog catalog, Config config) {
        this(catalog, config.name());
    }

    ServerDiscoInfo(DiscoCatalog catalog, String name) {
        this.catalog = catalog;
        this.name = name;
    }

    @Override
    public void handle(HandlerContext ctx) {
        if (ctx.stanza().payload().attributeValue("node") != null) {
            ctx.replyError(StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        Element query = Addressing.element("query", Namespaces.DISCO_INFO);
        Element identity = query.addElement("identity", Namespaces.DISCO_INFO);
        identity.addAttribute("category", "server");
        identity.addAttribute("type", "im");
        identity.addAttribute("name", name);
        DiscoFeatures.add(query, catalog.features(IqHandler.TARGET_SERVER));
        ctx.reply(query);
    }
}
