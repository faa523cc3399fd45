package parlance.disco.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;
import parlance.api.storage.PrivateStore;
import parlance.xml.XmlWriter;

/**
 * Private XML storage, storing (XEP-0049 §2.2): each child of the query replaces what was stored under its
 * qualified name; the result comes once every element is stored.
 */
@Component(property = {IqHandler.TYPE + "=set", IqHandler.NAMESPACE + "=" + Namespaces.PRIVATE,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT})
public class PrivateSet implements IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateSet.class);

    private final PrivateStore store;

    @Activate
    public PrivateSet(@Reference PrivateStore store) {
        this.store = store;
    }

    @Override
    public void handle(HandlerContext ctx) {
        List<Element> children = PrivateKeys.checkedChildren(ctx);
        if (children == null) {
            return;
        }
        String user = ctx.origin().jid().local();
        CompletableFuture<?>[] stored = new CompletableFuture<?>[children.size()];
        for (int i = 0; i < stored.length; i++) {
            Element child = children.get(i);
            stored[i] = store.put(user, PrivateKeys.key(child), XmlWriter.toXml(child)).toCompletableFuture();
        }
        CompletableFuture.allOf(stored).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.error("Storing private XML of {} failed", user, failure);
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
            } else {
                ctx.reply(null);
            }
        });
    }
}
