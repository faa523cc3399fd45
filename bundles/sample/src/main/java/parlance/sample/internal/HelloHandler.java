package parlance.sample.internal;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;

/**
 * An example extension: answers {@code <iq type='get'><hello xmlns='urn:parlance:sample'/></iq>} sent to the server
 * with a greeting naming this bundle's version. It uses nothing but the SPI and registers nothing by hand: DS
 * registers it while the bundle is active and withdraws it when the bundle leaves.
 */
@Component(property = {
    IqHandler.TYPE + "=get",
    IqHandler.NAMESPACE + "=" + HelloHandler.NAMESPACE,
    IqHandler.ELEMENT + "=hello",
    IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
    IqHandler.FEATURE + "=" + HelloHandler.NAMESPACE,
    "parlance.sample=true"
})
public class HelloHandler implements IqHandler {
    static final String NAMESPACE = "urn:parlance:sample";

    private String version;

    @Activate
    void activate(BundleContext context) {
        version = context.getBundle().getVersion().toString();
    }

    @Override
    public void handle(HandlerContext ctx) {
        Element hello = DocumentHelper.createElement(QName.get("hello", NAMESPACE));
        hello.addAttribute("version", version);
        hello.setText("Hello from the sample extension");
        ctx.reply(hello);
    }
}
