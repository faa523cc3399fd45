package parlance.im.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.server.ServerInfo;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.storage.OfflineStore;
import parlance.api.storage.UserStore;

/**
 * Offline messages (XEP-0160; RFC 6121 §8.5.2.2.1): a chat or normal message to a local account with no available
 * resource of non-negative priority is stored with a {@code <delay/>} (XEP-0203) and delivered when the user next
 * sends initial presence with non-negative priority. Messages to accounts that do not exist, or beyond the
 * configured limit, are answered with {@code service-unavailable} (RFC 6121 §8.5.1).
 */
@Component(service = {StanzaHandler.class, Offline.class}, configurationPid = OfflineConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {StanzaHandler.KIND + "=message", IqHandler.TARGET + "=" + IqHandler.TARGET_ACCOUNT,
            IqHandler.FEATURE + "=msgoffline"})
@Designate(ocd = OfflineConfig.class)
public class Offline implements StanzaHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Offline.class);

    private final OfflineStore store;
    private final UserStore users;
    private final SessionManager sessions;
    private final ServerInfo server;
    private volatile int limit;

    @Activate
    public Offline(@Reference OfflineStore store, @Reference UserStore users, @Reference SessionManager sessions,
            @Reference ServerInfo server, OfflineConfig config) {
        this.store = store;
        this.users = users;
        this.sessions = sessions;
        this.server = server;
        modified(config);
    }

    @Modified
    void modified(OfflineConfig config) {
        limit = Math.max(0, config.limit());
    }

    @Override
    public boolean handle(HandlerContext ctx) {
        Stanza message = ctx.stanza();
        String type = message.type();
        if ("groupchat".equals(type) || "headline".equals(type) || "error".equals(type)) {
            return false; // the router's default rules apply (RFC 6121 §8.5.2)
        }
        Jid to = message.to() != null ? message.to().bare() : message.from().bare();
        if (to.local() == null || hasReceiver(to)) {
            return false;
        }
        Element copy = message.element().createCopy();
        copy.addAttribute("to", to.toString());
        if (message.from() != null) {
            copy.addAttribute("from", message.from().toString());
        }
        if (ctx.origin() != null || !delayedHere(copy)) {
            Element delay = copy.addElement(QName.get("delay", Namespaces.DELAY));
            delay.addAttribute("from", server.domain());
            delay.addAttribute("stamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        }
        String xml = copy.asXML();
        String user = to.local();
        users.exists(user)
                .thenCompose(exists -> Boolean.TRUE.equals(exists) ? store.store(user, xml, limit)
                        : CompletableFuture.completedFuture(Boolean.FALSE))
                .whenComplete((stored, error) -> {
                    if (error != null) {
                        LOG.warn("Storing an offline message for {} failed: {}", user, error.toString());
                        ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
                    } else if (!stored) {
                        ctx.replyError(StanzaError.SERVICE_UNAVAILABLE, null);
                    } else if (hasReceiver(to)) {
                        // the user came online while we stored: deliver now instead of at the next login
                        for (ClientSession session : sessions.sessions(to)) {
                            if (Xml.isReceiver(session)) {
                                flush(session);
                                break;
                            }
                        }
                    }
                });
        return true;
    }

    private boolean hasReceiver(Jid bare) {
        for (ClientSession session : sessions.sessions(bare)) {
            if (Xml.isReceiver(session)) {
                return true;
            }
        }
        return false;
    }

    /** Delivers (and deletes) every stored message of the session's account to that session. */
    void flush(ClientSession session) {
        String user = session.jid().local();
        store.takeAll(user).whenComplete((messages, error) -> {
            if (error != null) {
                LOG.warn("Reading offline messages of {} failed: {}", user, error.toString());
                return;
            }
            for (String xml : messages) {
                try {
                    Element el = Xml.parse(xml);
                    session.deliver(Stanza.of(el, Xml.preparedJid(el.attributeValue("from")),
                            Xml.preparedJid(el.attributeValue("to"))));
                } catch (Exception e) {
                    LOG.warn("Dropping an unreadable offline message of {}: {}", user, e.toString());
                }
            }
        });
    }

    /**
     * Whether this server already stamped the message as delayed (XEP-0203 §3: the entity that delays a stanza adds
     * one {@code <delay/>}): the stream layer does so when it hands back the unacknowledged messages of a session
     * that ended (XEP-0198 §4), and that first stamp is the one the recipient needs. Only trusted for stanzas that
     * did not come from a client, which could forge one.
     */
    private boolean delayedHere(Element message) {
        for (Element delay : message.elements(QName.get("delay", Namespaces.DELAY))) {
            if (server.domain().equals(delay.attributeValue("from"))) {
                return true;
            }
        }
        return false;
    }
}
