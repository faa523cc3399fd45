package parlance.disco.internal;

import org.dom4j.Element;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;

/**
 * Software Version (XEP-0092 §2): the server's name and version (this bundle's version). The operating system is
 * left out unless configured, as XEP-0092 §6 (security considerations) advises.
 */
@Component(configurationPid = "parlance.version", property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.VERSION,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
        IqHandler.FEATURE + "=" + Namespaces.VERSION})
@Designate(ocd = SoftwareVersion.Config.class)
public class SoftwareVersion implements IqHandler {
    /** Configuration of what the server tells about itself. */
    @ObjectClassDefinition(name = "Parlance software version (XEP-0092)")
    public @interface Config {
        @AttributeDefinition(name = "Name", description = "Software name in version answers")
        String name() default "Parlance";

        @AttributeDefinition(name = "Reveal OS", description = "Include the operating system (name and version)")
        boolean os() default false;
    }

    private final String name;
    private final String version;
    private final String os;

    @Activate
    public SoftwareVersion(BundleContext bundleContext, Config config) {
        this(config.name(), bundleContext.getBundle().getVersion().toString(),
                config.os() ? System.getProperty("os.name") + " " + System.getProperty("os.version") : null);
    }

    SoftwareVersion(String name, String version, String os) {
        this.name = name;
        this.version = version;
        this.os = os;
    }

    @Override
    public void handle(HandlerContext ctx) {
        Element query = Addressing.element("query", Namespaces.VERSION);
        query.addElement("name", Namespaces.VERSION).setText(name);
        query.addElement("version", Namespaces.VERSION).setText(version);
        if (os != null) {
            query.addElement("os", Namespaces.VERSION).setText(os);
        }
        ctx.reply(query);
    }
}
