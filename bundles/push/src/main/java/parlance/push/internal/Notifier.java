package parlance.push.internal;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.handler.MessageInterceptor;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionListener;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;
import parlance.stream.spi.HeldSessions;

/**
 * XEP-0357 §7: a chat or normal message with a body that reached none of the account's sessions (no available
 * resource: it went to offline storage) makes the server publish a notification to every enabled app server, from
 * the account's bare address: the {@code urn:xmpp:push:summary} form with {@code message-count} (messages since the
 * account last bound a session), {@code last-message-sender}, and {@code last-message-body} only when allowed by
 * the configuration and asked for by the registration; the registration's publish-options form goes along.
 * A message that reached only sessions stream management holds for resumption (XEP-0198 §5, told by the stream
 * bundle's {@link HeldSessions}) counts as not received: their clients are asleep until the push wakes them.
 */
@Component(service = {MessageInterceptor.class, SessionListener.class}, configurationPid = PushConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class Notifier implements MessageInterceptor, SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final Registrations registrations;
    private final Router router;
    private final ConcurrentHashMap<String, AtomicInteger> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean allowBody;
    private volatile HeldSessions held;

    @Activate
    public Notifier(@Reference Registrations registrations, @Reference Router router, PushConfig config) {
        this.registrations = registrations;
        this.router = router;
        modified(config);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHeld(HeldSessions h) {
        held = h;
    }

    void unbindHeld(HeldSessions h) {
        if (held == h) {
            held = null;
        }
    }

    /** No recipient, or only held ones: nobody saw the message. */
    private boolean unseen(Collection<ClientSession> recipients) {
        HeldSessions h = held;
        if (recipients.isEmpty()) {
            return true;
        }
        return h != null && recipients.stream().allMatch(h::isHeld);
    }

    @Modified
    void modified(PushConfig config) {
        allowBody = config.allow_body();
    }

    @Override
    public void delivered(Jid account, Stanza message, Collection<ClientSession> recipients) {
        String type = message.type();
        String body = message.element().elementText("body");
        if (!unseen(recipients) || body == null || !("chat".equals(type) || "normal".equals(type))
                || account.local() == null) {
            return;
        }
        String user = account.local();
        registrations.get(user).whenComplete((list, e) -> {
            if (e != null) {
                LOG.warn("Push registrations of {} unavailable: {}", user, e.toString());
                return;
            }
            if (list.isEmpty()) {
                return;
            }
            int count = pending.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
            for (Registration r : list) {
                router.route(publish(account, r, count, message.from(), allowBody && r.wantsBody() ? body : null));
            }
        });
    }

    /** The publish request of XEP-0357 §7, Example 8. */
    Stanza publish(Jid account, Registration r, int count, Jid sender, String body) {
        Element iq = Stanzas.newElement(Stanza.Kind.IQ);
        iq.addAttribute("type", "set");
        iq.addAttribute("from", account.toString());
        iq.addAttribute("to", r.jid().toString());
        iq.addAttribute("id", "push-" + ids.incrementAndGet());
        Element pubsub = iq.addElement(QName.get("pubsub", Ns.PUBSUB));
        Element publish = pubsub.addElement(QName.get("publish", Ns.PUBSUB));
        publish.addAttribute("node", r.node());
        Element notification = publish.addElement(QName.get("item", Ns.PUBSUB))
                .addElement(QName.get("notification", Ns.PUSH));
        Element form = notification.addElement(QName.get("x", Ns.DATA));
        form.addAttribute("type", "submit");
        field(form, "FORM_TYPE", Ns.SUMMARY).addAttribute("type", "hidden");
        field(form, "message-count", Integer.toString(count));
        if (sender != null) {
            field(form, "last-message-sender", sender.toString());
        }
        if (body != null) {
            field(form, "last-message-body", body);
        }
        if (r.publishOptions() != null) {
            pubsub.addElement(QName.get("publish-options", Ns.PUBSUB)).add(r.publishOptions().createCopy());
        }
        return Stanza.of(iq, account, r.jid());
    }

    private static Element field(Element form, String var, String value) {
        Element field = form.addElement(QName.get("field", Ns.DATA));
        field.addAttribute("var", var);
        field.addElement(QName.get("value", Ns.DATA)).setText(value);
        return field;
    }

    /** The user is back: the count of messages waiting starts over. */
    @Override
    public void sessionBound(ClientSession session) {
        if (session.jid().local() != null) {
            pending.remove(session.jid().local());
        }
    }
}
