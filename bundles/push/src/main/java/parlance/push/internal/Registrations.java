package parlance.push.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.storage.PrivateStore;

/**
 * The app servers each account enabled (XEP-0357 §5, §6), stored with the account's private XML under
 * {@value #KEY} (no space: unreachable from XEP-0049). Read once per account and kept in memory (the cache starts
 * over beyond {@value #CACHED} accounts); changes of one account run one after the other.
 */
@Component(service = Registrations.class)
public class Registrations {
    static final String KEY = Ns.PUSH + "#registrations";
    private static final int CACHED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Registrations.class);

    private final PrivateStore store;
    private final ConcurrentHashMap<String, List<Registration>> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<List<Registration>>> tails = new ConcurrentHashMap<>();

    @Activate
    public Registrations(@Reference PrivateStore store) {
        this.store = store;
    }

    CompletionStage<List<Registration>> get(String user) {
        List<Registration> cached = cache.get(user);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return store.get(user, KEY).thenApply(xml -> {
            List<Registration> list = xml.map(Registrations::parse).orElse(List.of());
            remember(user, list);
            return list;
        });
    }

    /** Applies {@code change} after the account's earlier changes and stores the result. */
    CompletionStage<List<Registration>> update(String user, UnaryOperator<List<Registration>> change) {
        @SuppressWarnings("unchecked")
        CompletableFuture<List<Registration>>[] mine = new CompletableFuture[1];
        tails.compute(user, (k, tail) -> {
            CompletableFuture<?> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            mine[0] = previous.handle((v, e) -> null).thenCompose(v -> get(user)).thenCompose(before -> {
                List<Registration> after = List.copyOf(change.apply(new ArrayList<>(before)));
                Element root = DocumentHelper.createElement(QName.get("registrations", Ns.PUSH));
                after.forEach(r -> root.add(r.toXml()));
                return store.put(user, KEY, root.asXML()).thenApply(v -> {
                    remember(user, after);
                    return after;
                });
            });
            return mine[0];
        });
        CompletableFuture<List<Registration>> result = mine[0];
        result.whenComplete((v, e) -> tails.remove(user, result));
        return result;
    }

    private void remember(String user, List<Registration> list) {
        if (cache.size() >= CACHED) {
            cache.clear();
        }
        cache.put(user, list);
    }

    private static List<Registration> parse(String xml) {
        List<Registration> out = new ArrayList<>();
        try {
            for (Element enable : DocumentHelper.parseText(xml).getRootElement().elements()) {
                Element form = enable.element(QName.get("x", Ns.DATA));
                out.add(new Registration(prepared(enable.attributeValue("jid")), enable.attributeValue("node"),
                        form == null ? null : form.createCopy()));
            }
        } catch (DocumentException | RuntimeException e) {
            LOG.warn("Ignoring unreadable push registrations: {}", e.toString());
        }
        return out;
    }

    /** An address stored in prepared form. */
    static Jid prepared(String text) {
        int slash = text.indexOf('/');
        String resource = slash < 0 ? null : text.substring(slash + 1);
        String rest = slash < 0 ? text : text.substring(0, slash);
        int at = rest.indexOf('@');
        return Jid.ofPrepared(at < 0 ? null : rest.substring(0, at), rest.substring(at + 1), resource);
    }
}
