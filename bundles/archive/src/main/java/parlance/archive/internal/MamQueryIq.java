package parlance.archive.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.api.storage.ArchivePage;
import parlance.api.storage.ArchiveQuery;
import parlance.api.storage.ArchiveStore;
import parlance.api.storage.ArchivedMessage;

/**
 * Queries of an account's own archive (XEP-0313 urn:xmpp:mam:2): {@code get} answers the query form with its
 * fields (§4.1.5); {@code set} sends each matching message as a {@code <result/>} message wrapping a
 * {@code <forwarded/>} copy with its {@code <delay/>} (§5.1), then the IQ result with {@code <fin/>}, carrying
 * {@code complete} and the XEP-0059 {@code <set/>} of the page (§5.1.2). An unknown RSM or archive id is
 * {@code item-not-found} (XEP-0059 §2.4, §4.1.4). The account advertises urn:xmpp:mam:2, the extended fields and
 * stanza-ids (XEP-0359 §4) in its disco#info.
 */
@Component(configurationPid = ArchiveConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {IqHandler.TYPE + "=get", IqHandler.TYPE + "=set", IqHandler.NAMESPACE + "=" + Ns.MAM,
            IqHandler.ELEMENT + "=query", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
            IqHandler.FEATURE + "=" + Ns.MAM, IqHandler.FEATURE + "=" + Ns.MAM_EXTENDED,
            IqHandler.FEATURE + "=" + Ns.SID})
public class MamQueryIq implements IqHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MamQueryIq.class);

    private final ArchiveStore store;
    private final AddressPreparer preparer;
    private volatile int maxPage;

    @Activate
    public MamQueryIq(@Reference ArchiveStore store, @Reference AddressPreparer preparer, ArchiveConfig config) {
        this.store = store;
        this.preparer = preparer;
        modified(config);
    }

    @Modified
    void modified(ArchiveConfig config) {
        maxPage = Math.max(1, config.max_page());
    }

    @Override
    public void handle(HandlerContext ctx) {
        Jid account = Owner.of(ctx);
        if (account == null) {
            return;
        }
        if ("get".equals(ctx.stanza().type())) {
            Element query = Ns.element("query", Ns.MAM);
            query.add(Forms.form(Ns.MAM, MamRequest.FIELDS));
            ctx.reply(query);
            return;
        }
        MamRequest request;
        try {
            request = MamRequest.parse(ctx.stanza().payload(), maxPage, this::prepare);
        } catch (IllegalArgumentException e) {
            ctx.replyError(StanzaError.BAD_REQUEST, e.getMessage());
            return;
        }
        String archive = account.toString();
        CompletableFuture<ArchivePage> page;
        try {
            page = (request.ids().isEmpty() ? store.query(archive, request.query()) : byIds(archive, request.ids()))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            page = CompletableFuture.failedFuture(e);
        }
        page.orTimeout(10, TimeUnit.SECONDS).whenComplete((result, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                boolean unknown = cause instanceof IllegalArgumentException || cause instanceof NoSuchElementException;
                if (!unknown) {
                    LOG.warn("Querying the archive of {} failed: {}", account, cause.toString());
                }
                ctx.replyError(unknown ? StanzaError.ITEM_NOT_FOUND : StanzaError.INTERNAL_SERVER_ERROR, null);
            } else {
                answer(ctx, account, request, result);
            }
        });
    }

    private void answer(HandlerContext ctx, Jid account, MamRequest request, ArchivePage page) {
        List<ArchivedMessage> messages = new ArrayList<>(page.messages());
        if (request.flip()) {
            Collections.reverse(messages);
        }
        ClientSession requester = ctx.origin();
        for (ArchivedMessage m : messages) {
            Stanza result = result(account, requester.jid(), request.queryId(), m);
            if (result != null) {
                requester.deliver(result);
            }
        }
        Element fin = Ns.element("fin", Ns.MAM);
        if (page.complete()) {
            fin.addAttribute("complete", "true");
        }
        Element set = fin.addElement("set", Ns.RSM);
        if (!messages.isEmpty()) {
            set.addElement("first", Ns.RSM).setText(messages.get(0).id());
            set.addElement("last", Ns.RSM).setText(messages.get(messages.size() - 1).id());
        }
        set.addElement("count", Ns.RSM).setText(Integer.toString(page.count()));
        ctx.reply(fin);
    }

    /** §5.1: {@code <message from='account' to='requester'><result queryid id><forwarded><delay/>message}. */
    private static Stanza result(Jid account, Jid requester, String queryId, ArchivedMessage m) {
        Element original;
        try {
            original = Stamps.parse(m.stanzaXml());
        } catch (DocumentException e) {
            LOG.warn("Skipping unreadable archived message {} of {}: {}", m.id(), account, e.toString());
            return null;
        }
        Element message = Stanzas.newElement(Stanza.Kind.MESSAGE);
        message.addAttribute("from", account.toString());
        message.addAttribute("to", requester.toString());
        message.addAttribute("id", UUID.randomUUID().toString());
        Element result = message.addElement("result", Ns.MAM).addAttribute("id", m.id());
        if (queryId != null) {
            result.addAttribute("queryid", queryId);
        }
        Element forwarded = result.addElement("forwarded", Ns.FORWARD);
        forwarded.addElement("delay", Namespaces.DELAY).addAttribute("stamp", m.timestamp().toString());
        original.detach();
        forwarded.add(original);
        return Stanza.of(message, account, requester);
    }

    /**
     * The messages with the given archive ids (§4.1.4, urn:xmpp:mam:2#extended), in the order asked. The storage
     * SPI pages by id but does not look ids up, so each is found as "the one after the message before it".
     */
    private CompletionStage<ArchivePage> byIds(String archive, List<String> ids) {
        CompletionStage<List<ArchivedMessage>> found = CompletableFuture.completedFuture(new ArrayList<>());
        for (String id : ids) {
            found = found.thenCompose(list -> byId(archive, id).thenApply(m -> {
                list.add(m);
                return list;
            }));
        }
        return found.thenApply(list -> new ArchivePage(list, true, list.size()));
    }

    private CompletionStage<ArchivedMessage> byId(String archive, String id) {
        return store.query(archive, new ArchiveQuery(null, null, null, null, id, 1))
                .thenCompose(previous -> store.query(archive, new ArchiveQuery(null, null, null, previous.last(),
                        null, 1)))
                .thenApply(page -> {
                    if (page.messages().isEmpty() || !id.equals(page.first())) {
                        throw new NoSuchElementException(id);
                    }
                    return page.messages().get(0);
                });
    }

    private String prepare(String jid) {
        try {
            return preparer.parse(jid).toString();
        } catch (JidFormatException e) {
            throw new IllegalArgumentException("invalid address " + jid);
        }
    }
}
