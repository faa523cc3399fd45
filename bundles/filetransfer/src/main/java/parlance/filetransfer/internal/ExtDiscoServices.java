package parlance.filetransfer.internal;

import java.util.List;
import java.util.stream.Collectors;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.StanzaError;

/**
 * XEP-0215 1.0 §2: {@code <services/>} on the server's domain lists the configured STUN/TURN services, those of one
 * {@code type} when asked; restricted ones with credentials for the requester (§3.2, as Prosody's mod_turn_external
 * does, so a client needs one round trip). Only local accounts may ask ({@code forbidden} otherwise).
 */
@Component(configurationPid = ExtDiscoConfig.PID, property = {IqHandler.TYPE + "=get",
        IqHandler.NAMESPACE + "=" + ExtDiscoElements.NS, IqHandler.ELEMENT + "=services",
        IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER, IqHandler.FEATURE + "=" + ExtDiscoElements.NS})
@Designate(ocd = ExtDiscoConfig.class)
public class ExtDiscoServices implements IqHandler {
    private final ExtDiscoElements elements;
    private volatile List<ExtService> services = List.of();

    @Activate
    public ExtDiscoServices(ExtDiscoConfig config) {
        this(config, System::currentTimeMillis);
    }

    ExtDiscoServices(ExtDiscoConfig config, java.util.function.LongSupplier clock) {
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
        String type = ctx.stanza().payload().attributeValue("type");
        List<ExtService> selected = type == null ? services
                : services.stream().filter(s -> s.type().equals(type)).collect(Collectors.toList());
        Element result = DocumentHelper.createElement(QName.get("services", ExtDiscoElements.NS));
        if (type != null) {
            result.addAttribute("type", type);
        }
        elements.addAll(result, selected, from);
        ctx.reply(result);
    }
}
