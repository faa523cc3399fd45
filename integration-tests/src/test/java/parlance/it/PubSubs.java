package parlance.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.NamedElement;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.SubscribeListener.SubscribeAnswer;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smackx.pubsub.EventElement;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.RetractItem;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.pubsub.provider.AffiliationsProvider;
import org.jivesoftware.smackx.pubsub.provider.SubscriptionProvider;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * What the publish-subscribe tests (XEP-0060, XEP-0163) share: the service address, fresh node names, payloads,
 * raw pubsub IQs for what Smack has no API for (publish-options, §7.1.5), mutual roster subscriptions, and
 * {@link Events}, the event notifications one client receives from one publisher in arrival order.
 */
final class PubSubs {
    static final String NS = "http://jabber.org/protocol/pubsub";
    static final String NS_ERRORS = NS + "#errors";
    /** The pubsub#errors conditions the tests expect (XEP-0060 §6.1.3, §6.5.9, §7.1.5). */
    static final List<String> ERROR_CONDITIONS = List.of("closed-node", "presence-subscription-required",
            "not-in-roster-group", "not-subscribed", "pending-subscription", "precondition-not-met", "unsupported");
    static final String NS_ENTRY = "urn:parlance:it:entry";

    static {
        // Smack 4.5 has no provider for <affiliations xmlns='...#owner'> (§8.9.1): getAffiliationsAsOwner needs it
        ProviderManager.addExtensionProvider("affiliations", NS + "#owner", new AffiliationsProvider());
        // nor for the §8.8.4 <subscription/> event: its EventProvider then fails and closes the connection
        ProviderManager.addExtensionProvider("subscription", NS + "#event", new SubscriptionProvider());
    }

    private PubSubs() {
    }

    static DomainBareJid service(String domain) {
        return JidCreate.domainBareFromOrThrowUnchecked("pubsub." + domain);
    }

    static String newNode(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static PubSubManager manager(XMPPConnection c) {
        return PubSubManager.getInstanceFor(c, service(c.getXMPPServiceDomain().toString()));
    }

    /** §8.1.3: creates a node with the default configuration (§8.4) changed by {@code config}. */
    static LeafNode create(XMPPConnection c, String node, Consumer<FillableConfigureForm> config) throws Exception {
        PubSubManager m = manager(c);
        FillableConfigureForm form = m.getDefaultConfiguration().getFillableForm();
        config.accept(form);
        m.createNode(node, form);
        return m.getLeafNode(node);
    }

    static StandardExtensionElement entry(String title) {
        return StandardExtensionElement.builder("entry", NS_ENTRY).addElement("title", title).build();
    }

    static PayloadItem<StandardExtensionElement> item(String id, String title) {
        return new PayloadItem<>(id, entry(title));
    }

    static List<String> ids(List<? extends NamedElement> items) {
        List<String> ids = new ArrayList<>();
        for (NamedElement e : items) {
            ids.add(e instanceof Item ? ((Item) e).getId() : e instanceof RetractItem ? ((RetractItem) e).getId() : "?");
        }
        return ids;
    }

    /** The item (or retract) ids of an items event. */
    static List<String> eventIds(Message m) {
        EventElement ev = EventElement.from(m);
        return ev.getEvent() instanceof ItemsExtension ? ids(((ItemsExtension) ev.getEvent()).getItems()) : List.of();
    }

    static String eventNode(Message m) {
        return EventElement.from(m).getEvent().getNode();
    }

    /** The application-specific condition (pubsub#errors, XEP-0060 §7-§8) of an error, or null. */
    static String pubsubCondition(XMPPException.XMPPErrorException e) {
        return ERROR_CONDITIONS.stream().filter(n -> e.getStanzaError().getExtension(n, NS_ERRORS) != null)
                .findFirst().orElse(null);
    }

    /** A pubsub IQ with the given child, for requests Smack cannot express; its reply or the error thrown. */
    static IQ send(XMPPConnection c, Jid to, IQ.Type type, StandardExtensionElement child) throws Exception {
        IQ iq = new RawIq(child);
        iq.setType(type);
        iq.setTo(to);
        return c.createStanzaCollectorAndSend(iq).nextResultOrThrow();
    }

    /** A {@code jabber:x:data} submit form with a FORM_TYPE (XEP-0004, XEP-0068) and single values. */
    static StandardExtensionElement form(String formType, Map<String, String> values) {
        StandardExtensionElement.Builder x = StandardExtensionElement.builder("x", "jabber:x:data")
                .addAttribute("type", "submit")
                .addElement(StandardExtensionElement.builder("field", "jabber:x:data").addAttribute("var", "FORM_TYPE")
                        .addAttribute("type", "hidden").addElement("value", formType).build());
        values.forEach((k, v) -> x.addElement(StandardExtensionElement.builder("field", "jabber:x:data")
                .addAttribute("var", k).addElement("value", v).build()));
        return x.build();
    }

    /** §7.1.5: {@code <publish node><item id>payload</item></publish><publish-options>form</publish-options>}. */
    static StandardExtensionElement publishWithOptions(String node, String id, StandardExtensionElement payload,
            Map<String, String> options) {
        return StandardExtensionElement.builder("pubsub", NS)
                .addElement(StandardExtensionElement.builder("publish", NS).addAttribute("node", node)
                        .addElement(StandardExtensionElement.builder("item", NS).addAttribute("id", id)
                                .addElement(payload).build()).build())
                .addElement(StandardExtensionElement.builder("publish-options", NS)
                        .addElement(form(NS + "#publish-options", options)).build())
                .build();
    }

    /**
     * §8.8.2: the owner sets one subscription state (raw: Smack 4.5 writes the {@code <subscription/>} children of
     * {@code <subscriptions xmlns='...#owner'>} in the plain pubsub namespace).
     */
    static void setSubscription(XMPPConnection owner, String node, Jid jid, String state) throws Exception {
        String owner_ns = NS + "#owner";
        send(owner, service(owner.getXMPPServiceDomain().toString()), IQ.Type.set,
                StandardExtensionElement.builder("pubsub", owner_ns)
                        .addElement(StandardExtensionElement.builder("subscriptions", owner_ns).addAttribute("node", node)
                                .addElement(StandardExtensionElement.builder("subscription", owner_ns)
                                        .addAttribute("jid", jid.toString()).addAttribute("subscription", state).build())
                                .build())
                        .build());
    }

    /** RFC 6121 §3: a and b subscribe to each other's presence (subscription both on both sides). */
    static void befriend(XMPPConnection a, XMPPConnection b) throws Exception {
        Roster ra = Roster.getInstanceFor(a);
        Roster rb = Roster.getInstanceFor(b);
        ra.addSubscribeListener((from, p) -> SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
        rb.addSubscribeListener((from, p) -> SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
        BareJid aj = a.getUser().asBareJid();
        BareJid bj = b.getUser().asBareJid();
        ra.createItemAndRequestSubscription(bj, bj.getLocalpartOrNull().toString(), null);
        Clients.await("subscription both", () -> ra.getEntry(bj) != null && ra.getEntry(bj).getType() == ItemType.both
                && rb.getEntry(aj) != null && rb.getEntry(aj).getType() == ItemType.both);
    }

    /** An IQ whose child element is given as a value (Smack serialises its attributes and children). */
    private static final class RawIq extends IQ {
        private final StandardExtensionElement child;

        RawIq(StandardExtensionElement child) {
            super(child.getElementName(), child.getNamespace());
            this.child = child;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            child.getAttributes().forEach(xml::attribute);
            xml.rightAngleBracket();
            for (StandardExtensionElement e : child.getElements()) {
                xml.append(e.toXML());
            }
            return xml;
        }
    }

    /** The pubsub event messages (XEP-0060 §7.1.2) a connection receives from one address, in arrival order. */
    static final class Events implements AutoCloseable {
        private final XMPPConnection connection;
        private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
        private final List<Message> seen = new ArrayList<>();
        private final StanzaListener listener;

        Events(XMPPConnection connection, Jid from) {
            this.connection = connection;
            this.listener = s -> queue.add((Message) s);
            connection.addSyncStanzaListener(listener, s -> s instanceof Message && s.getFrom() != null
                    && s.getFrom().asBareJid().equals(from.asBareJid()) && EventElement.from(s) != null);
        }

        Message next(String what, Predicate<Message> match) throws InterruptedException {
            return next(what, match, Clients.TIMEOUT_MILLIS);
        }

        Message next(String what, Predicate<Message> match, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            for (long left = timeoutMillis; left > 0; left = deadline - System.currentTimeMillis()) {
                Message m = queue.poll(left, TimeUnit.MILLISECONDS);
                if (m == null) {
                    break;
                }
                seen.add(m);
                if (match.test(m)) {
                    return m;
                }
            }
            throw new AssertionError("no " + what + " within " + timeoutMillis + " ms; received meanwhile:\n"
                    + seen.stream().map(s -> s.toXML().toString()).collect(Collectors.joining("\n")));
        }

        /** The next items event of {@code node}. */
        Message items(String node) throws InterruptedException {
            return next("an items event of " + node, m -> node.equals(eventNode(m))
                    && EventElement.from(m).getEvent() instanceof ItemsExtension, Clients.TIMEOUT_MILLIS);
        }

        /** What arrived and was not yet read (call after a round trip that follows the events in question). */
        List<Message> pending() {
            List<Message> rest = new ArrayList<>();
            queue.drainTo(rest);
            seen.addAll(rest);
            return rest;
        }

        @Override
        public void close() {
            connection.removeSyncStanzaListener(listener);
        }
    }
}
