package parlance.filetransfer.internal;

import java.util.List;
import java.util.function.LongSupplier;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.StanzaError;

/**
 * XEP-0215 1.0 §3.2: {@code <credentials><service host='..' type='..' [port='..']/></credentials>} answers fresh
 * credentials for a restricted service; {@code item-not-found} when no configured restricted service matches,
 * {@code bad-request} without a {@code <service/>} naming host and type, {@code forbidden} for non-accounts.
 */
@Component(configurationPid = ExtDiscoConfig.PID, property = {IqHandler.TYPE + "=get",
        IqHandler.NAMESPACE + "=" + ExtDiscoElements.NS, IqHandler.ELEMENT + "=credentials",
        IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER})
public class ExtDiscoCredentials implements IqHandler {
    private final ExtDiscoElements elements;
    private volatile List<ExtService> services = List.of();

    @Activate
    public ExtDiscoCredentials(ExtDiscoConfig config) {
        this(config, System::currentTimeMillis);
    }

    ExtDiscoCredentials(ExtDiscoConfig config, LongSupplier clock) {
        this.elements = new ExtDiscoElements(clock);
        modified(config);
    }

    @Modified
    void modified(ExtDiscoConfig config) {
        services = ExtService.parseAll(config.services(), config.ttl_seconds());
    }

    @Override
    public void handle(HandlerContext ctx) {
        Jid from = ctx.stanza().from();
        if (from == null || from.local() == null) {
            ctx.replyError(StanzaError.FORBIDDEN, null);
            return;
        }
        Element asked = ctx.stanza().payload().element(QName.get("service", ExtDiscoElements.NS));
        String host = asked == null ? null : asked.attributeValue("host");
        String type = asked == null ? null : asked.attributeValue("type");
        if (host == null || type == null) {
            ctx.replyError(StanzaError.BAD_REQUEST, "a service with host and type is required");
            return;
        }
        String port = asked.attributeValue("port");
        ExtService match = services.stream().filter(s -> s.restricted() && s.host().equals(host)
                && s.type().equals(type) && (port == null || port.equals(Integer.toString(s.port()))))
                .findFirst().orElse(null);
        if (match == null) {
            ctx.replyError(StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        Element result = DocumentHelper.createElement(QName.get("credentials", ExtDiscoElements.NS));
        elements.add(result, match, from);
        ctx.reply(result);
    }
}
