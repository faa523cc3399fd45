package parlance.pubsub.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.handler.HandlerContext;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.api.storage.PrivateStore;
import parlance.api.storage.PubSubStore;
import parlance.api.storage.Roster;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterStore;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/**
 * The PubSub service and PEP over fakes: sessions in a map, a recording router, rosters in a map, a store that
 * outlives the service (as the real one does) and a direct executor, so each request is processed before the
 * call returns. Clients answer the service's capability queries when asked to.
 */
final class Harness {
    static final String DOMAIN = TestStanzas.DOMAIN;
    static final String SERVICE = "pubsub." + DOMAIN;
    final Map<Jid, FakeSession> sessions = new ConcurrentHashMap<>();
    final List<Stanza> routed = new CopyOnWriteArrayList<>();
    final Map<String, List<RosterItem>> rosters = new HashMap<>();
    final Map<Jid, List<String>> features = new HashMap<>();
    /** Clients that answer a disco#info query to their caps node with an error (and a plain one with features). */
    final Set<Jid> refuseCapsNode = new HashSet<>();
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final PubSubStore store;
    /** Private XML (XEP-0049) by {@code user + ' ' + key}, as the storage provider keeps it. */
    final Map<String, String> privateXml = new ConcurrentHashMap<>();
    final PrivateStore privates = new PrivateStore() {
        public CompletionStage<java.util.Optional<String>> get(String username, String key) {
            return CompletableFuture.completedFuture(java.util.Optional.ofNullable(privateXml.get(username + ' ' + key)));
        }

        public CompletionStage<Void> put(String username, String key, String xml) {
            privateXml.put(username + ' ' + key, xml);
            return CompletableFuture.completedFuture(null);
        }
    };
    final Engine engine;
    final ServiceDispatcher dispatcher;
    final PepHandlers.PubSubRequests pep;
    final PepHandlers.PresenceWatch presence;

    Harness() {
        this(Settings.defaults(), null);
    }

    Harness(Settings settings, PubSubStore shared) {
        store = shared != null ? shared : new MemoryStore(clock::get);
        Router router = new Router() {
            public void route(Stanza stanza) {
                FakeSession s = stanza.to() == null ? null : sessions.get(stanza.to());
                if (s != null) {
                    s.deliver(stanza);
                } else {
                    routed.add(stanza);
                }
            }

            public void receive(ClientSession origin, Stanza stanza) {
                route(stanza);
            }
        };
        RosterStore rosterStore = new RosterStore() {
            public CompletionStage<Roster> roster(String username) {
                return CompletableFuture.completedFuture(new Roster(1, rosters.getOrDefault(username, List.of())));
            }

            public CompletionStage<Long> put(String username, RosterItem item) {
                throw new UnsupportedOperationException();
            }

            public CompletionStage<Long> remove(String username, Jid contact) {
                throw new UnsupportedOperationException();
            }
        };
        PubSub ps = new PubSub(Jid.ofPrepared(null, SERVICE, null), DOMAIN, settings,
                new Fanout(sessionManager(), () -> router), preparer(),
                new Storage(() -> store, new MemoryStore(clock::get), settings), () -> rosterStore, clock::get,
                jid -> false);
        Executor direct = Runnable::run;
        engine = new Engine(ps, direct, () -> privates);
        dispatcher = new ServiceDispatcher(engine);
        pep = new PepHandlers.PubSubRequests(engine);
        presence = new PepHandlers.PresenceWatch(engine);
    }

    /** A connected session (not yet available). */
    FakeSession user(String fullJid) {
        FakeSession s = new FakeSession(fullJid);
        sessions.put(s.jid, s);
        return s;
    }

    /** Puts {@code contact} on {@code owner}'s roster with a subscription state (none, to, from, both). */
    void roster(String owner, String contact, String subscription, String... groups) {
        rosters.computeIfAbsent(owner, k -> new ArrayList<>()).add(new RosterItem(TestStanzas.jid(contact), null,
                RosterItem.Subscription.valueOf(subscription.toUpperCase()), false, false, false, Set.of(groups)));
    }

    void friends(String a, String b) {
        roster(a.substring(0, a.indexOf('@')), b, "both");
        roster(b.substring(0, b.indexOf('@')), a, "both");
    }

    /**
     * The client's available presence with capabilities for {@code features} (XEP-0115 §4), as im would handle
     * it: seen as the client's own broadcast, then arriving at each contact it is sent to.
     */
    void available(FakeSession s, List<String> feats, String... contacts) {
        Stanza own = ownPresence(s, feats);
        for (String contact : contacts) {
            routedCopy(own, contact);
        }
    }

    /** The client's available presence as its own broadcast (no {@code to}), before im routes any copy. */
    Stanza ownPresence(FakeSession s, List<String> feats) {
        features.put(s.jid, feats);
        Element p = Stanzas.newElement(Stanza.Kind.PRESENCE);
        p.addAttribute("from", s.jid.toString());
        if (feats != null) {
            p.addElement(QName.get("c", Ns.CAPS)).addAttribute("hash", "sha-1")
                    .addAttribute("node", "https://example.org/client").addAttribute("ver", ver(feats));
        }
        Stanza own = Stanza.of(p, s.jid, null);
        s.setPresence(own);
        presence.handle(context(s, own));
        answerCaps();
        return own;
    }

    /** The client's unavailable presence (its own broadcast). */
    void unavailable(FakeSession s) {
        Element p = Stanzas.newElement(Stanza.Kind.PRESENCE).addAttribute("type", "unavailable");
        p.addAttribute("from", s.jid.toString());
        Stanza own = Stanza.of(p, s.jid, null);
        presence.handle(context(s, own));
        s.setPresence(own);
    }

    /** A copy of a client's presence that im routed to {@code contact} (perhaps later than newer presence). */
    void routedCopy(Stanza own, String contact) {
        Element copy = own.element().createCopy();
        copy.addAttribute("to", contact);
        presence.handle(context(null, Stanza.of(copy, own.from(), TestStanzas.jid(contact))));
        answerCaps();
    }

    /** Answers the service's disco#info queries to clients with their features, through the hosted service. */
    void answerCaps() {
        boolean more = true;
        while (more) {
            more = false;
            for (FakeSession s : sessions.values()) {
                more |= answerCaps(s);
            }
        }
    }

    private boolean answerCaps(FakeSession s) {
        boolean any = false;
        {
            for (Stanza q : List.copyOf(s.delivered)) {
                Element query = q.element().element(QName.get("query", Namespaces.DISCO_INFO));
                if (q.isIqRequest() && query != null && q.from().toString().equals(SERVICE)) {
                    s.delivered.remove(q);
                    any = true;
                    if (refuseCapsNode.contains(s.jid) && query.attributeValue("node") != null) {
                        Stanza error = Stanzas.error(q, StanzaError.ITEM_NOT_FOUND, null);
                        dispatcher.receive(Stanza.of(error.element(), s.jid, error.to()), null);
                        continue;
                    }
                    Element result = query.createCopy();
                    result.addElement("identity", Namespaces.DISCO_INFO).addAttribute("category", "client")
                            .addAttribute("type", "pc");
                    features.getOrDefault(s.jid, List.of()).forEach(f -> result
                            .addElement("feature", Namespaces.DISCO_INFO).addAttribute("var", f));
                    Stanza answer = Stanzas.iqResult(q, result);
                    dispatcher.receive(Stanza.of(answer.element(), s.jid, answer.to()), null);
                }
            }
        }
        return any;
    }

    /** The ver of a client with identity client/pc and these features (XEP-0115 §5.1). */
    static String ver(List<String> feats) {
        List<String> sorted = new ArrayList<>(feats);
        sorted.sort(null);
        StringBuilder s = new StringBuilder("client/pc//<");
        sorted.forEach(f -> s.append(f).append('<'));
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a PEP request (to an account, or no {@code to}) and returns the reply the client got. */
    Stanza pep(FakeSession from, String to, String type, Element payload) {
        Stanza iq = iq(from, to, type, payload);
        pep.handle(context(from, iq));
        return reply(from, iq);
    }

    /** Sends a request to the PubSub domain and returns the reply. */
    Stanza service(FakeSession from, String type, Element payload) {
        Stanza iq = iq(from, SERVICE, type, payload);
        dispatcher.receive(iq, null);
        return reply(from, iq);
    }

    static Stanza iq(FakeSession from, String to, String type, Element payload) {
        Stanza iq = TestStanzas.stanza("iq", from.jid.toString(), to, type);
        iq.element().add(payload);
        return iq;
    }

    static Stanza reply(FakeSession s, Stanza request) {
        for (Stanza d : s.delivered) {
            if (d.isIq() && request.id().equals(d.id()) && !d.isIqRequest()) {
                return d;
            }
        }
        return null;
    }

    /** Event notifications (messages with a pubsub#event child) a session received. */
    static List<Element> events(FakeSession s) {
        return s.delivered.stream().filter(d -> d.kind() == Stanza.Kind.MESSAGE)
                .map(d -> d.element().element(QName.get("event", Ns.EVENT))).filter(e -> e != null).toList();
    }

    /** The PubSub-specific error condition of a reply, or null. */
    static String pubsubCondition(Stanza s) {
        Element error = s == null ? null : s.element().element("error");
        if (error == null) {
            return null;
        }
        for (Element c : error.elements()) {
            if (Ns.ERRORS.equals(c.getNamespaceURI())) {
                return c.getName();
            }
        }
        return null;
    }

    HandlerContext context(FakeSession origin, Stanza stanza) {
        return new HandlerContext() {
            public Stanza stanza() {
                return stanza;
            }

            public ClientSession origin() {
                return origin;
            }

            public void reply(Element child) {
                deliver(Stanzas.iqResult(stanza, child));
            }

            public void replyError(StanzaError condition, String text) {
                deliver(Stanzas.error(stanza, condition, text));
            }

            private void deliver(Stanza reply) {
                if (origin != null) {
                    origin.deliver(reply);
                } else {
                    routed.add(reply);
                }
            }

            public void route(Stanza other) {
                routed.add(other);
            }

            public Router router() {
                return null;
            }

            public Executor executor() {
                return Runnable::run;
            }
        };
    }

    private SessionManager sessionManager() {
        return new SessionManager() {
            public ClientSession session(Jid fullJid) {
                return sessions.get(fullJid);
            }

            public Collection<ClientSession> sessions(Jid bareJid) {
                return sessions.values().stream().filter(s -> s.jid.bare().equals(bareJid))
                        .map(s -> (ClientSession) s).toList();
            }

            public Collection<ClientSession> all() {
                return List.copyOf(sessions.values());
            }

            public int count() {
                return sessions.size();
            }

            public void register(ClientSession session) {
            }

            public void unregister(ClientSession session) {
            }
        };
    }

    static AddressPreparer preparer() {
        return new AddressPreparer() {
            public Jid parse(String text) throws JidFormatException {
                if (text == null || text.isEmpty() || text.startsWith("@")) {
                    throw new JidFormatException("bad: " + text);
                }
                return TestStanzas.jid(text.toLowerCase(java.util.Locale.ROOT));
            }

            public String prepareLocal(String local) {
                return local.toLowerCase(java.util.Locale.ROOT);
            }

            public String prepareResource(String resource) {
                return resource;
            }

            public String prepareDomain(String domain) {
                return domain.toLowerCase(java.util.Locale.ROOT);
            }

            public String preparePassword(String password) {
                return password;
            }
        };
    }
}
