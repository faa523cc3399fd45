package parlance.disco.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import parlance.xml.XmlReader;
import parlance.xml.XmlStreamException;

/**
 * Private XML storage, retrieval (XEP-0049 §2.3): for each requested element, the stored one, or the (empty)
 * requested element itself when nothing is stored under its name.
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.PRIVATE,
        IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
        IqHandler.FEATURE + "=" + Namespaces.PRIVATE})
public class PrivateGet implements IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateGet.class);

    private final PrivateStore store;

    @Activate
    public PrivateGet(@Reference PrivateStore store) {
        this.store = store;
    }

    private static Element parse(String xml) {
        try {
            return XmlReader.parse(xml);
        } catch (XmlStreamException e) {
            throw new CompletionException(e);
        }
    }

    @Override
    public void handle(HandlerContext ctx) {
        List<Element> requested = PrivateKeys.checkedChildren(ctx);
        if (requested == null) {
            return;
        }
        String user = ctx.origin().jid().local();
        List<CompletableFuture<Element>> found = new ArrayList<>();
        for (Element child : requested) {
            found.add(store.get(user, PrivateKeys.key(child)).toCompletableFuture()
                    .thenApply(xml -> xml.isPresent() ? parse(xml.get()) : child.createCopy()));
        }
        CompletableFuture.allOf(found.toArray(new CompletableFuture<?>[0])).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.error("Reading private XML of {} failed", user, failure);
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
                return;
            }
            Element query = Addressing.element("query", Namespaces.PRIVATE);
            for (CompletableFuture<Element> element : found) {
                query.add(element.join());
            }
            ctx.reply(query);
        });
    }
}
