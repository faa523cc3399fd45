package parlance.irc.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.storage.PrivateStore;
import parlance.testkit.TestStanzas;

/**
 * The gateway wired as {@link IrcService} wires it, over fakes: a router that queues what it is given, a preparer
 * that lowercases localparts, an in-memory {@link PrivateStore}, and an IRC server address (a {@link FakeIrcServer}
 * or a closed port).
 */
final class Harness implements AutoCloseable {
    static final String GATEWAY = "irc.example.org";
    final BlockingQueue<Stanza> routed = new LinkedBlockingQueue<>();
    final MemoryStore store = new MemoryStore();
    final IrcConnector connector;
    final IrcSessions sessions;
    final Gateway gateway;

    Harness(int ircPort) {
        Router router = new Router() {
            public void route(Stanza stanza) {
                routed.add(stanza);
            }

            public void receive(ClientSession origin, Stanza stanza) {
                routed.add(stanza);
            }
        };
        Addresses addresses = new Addresses(Jid.ofPrepared(null, GATEWAY, null), preparer());
        connector = new IrcConnector("127.0.0.1", ircPort, 5000);
        sessions = new IrcSessions(addresses, router, connector, 10, 0);
        Registrations registrations = new Registrations(() -> store, TestStanzas.DOMAIN, GATEWAY);
        RegisterIq register = new RegisterIq(registrations, sessions, addresses, router);
        gateway = new Gateway(new GatewayIq(addresses, "IRC", register, router), registrations, sessions, addresses,
                router);
    }

    void send(Stanza stanza) {
        gateway.receive(stanza, null);
    }

    /** Registers {@code user} (a full JID) with {@code nick} and drops what the registration routed. */
    void register(String user, String nick) throws InterruptedException {
        Stanza iq = TestStanzas.iq(user, GATEWAY, "set", Namespaces.REGISTER, "query");
        iq.payload().addElement(QName.get("nick", Namespaces.REGISTER)).setText(nick);
        send(iq);
        Stanza result = next(s -> s.isIq());
        if (!"result".equals(result.type())) {
            throw new AssertionError("registration failed: " + result.element().asXML());
        }
        next(s -> "subscribe".equals(s.type()));
    }

    /** Presence from {@code from} to {@code to}, available when {@code type} is null. */
    Stanza presence(String from, String to, String type) {
        Stanza p = TestStanzas.stanza("presence", from, to, type);
        if (type == null && to.contains("/")) {
            p.element().addElement(QName.get("x", Out.MUC));
        }
        send(p);
        return p;
    }

    /** The next routed stanza that matches, skipping others; fails after ten seconds. */
    Stanza next(Predicate<Stanza> matching) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            Stanza s = routed.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && matching.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no matching stanza routed");
    }

    static Predicate<Stanza> from(String from) {
        return s -> from.equals(s.element().attributeValue("from"));
    }

    /** The muc#user status codes of a presence. */
    static java.util.List<String> codes(Stanza s) {
        Element x = s.element().element(QName.get("x", Out.MUC_USER));
        return x == null ? java.util.List.of() : x.elements("status").stream().map(e -> e.attributeValue("code"))
                .toList();
    }

    static Element item(Stanza s) {
        return s.element().element(QName.get("x", Out.MUC_USER)).element("item");
    }

    static AddressPreparer preparer() {
        return new AddressPreparer() {
            public Jid parse(String text) {
                return TestStanzas.jid(text);
            }

            public String prepareLocal(String local) {
                return local.toLowerCase(Locale.ROOT);
            }

            public String prepareResource(String resource) {
                return resource;
            }

            public String prepareDomain(String domain) {
                return domain.toLowerCase(Locale.ROOT);
            }

            public String preparePassword(String password) {
                return password;
            }
        };
    }

    @Override
    public void close() {
        sessions.closeAll(Out.SHUTDOWN, "test over");
        connector.close();
    }

    /** Private XML in a map, as the Derby store keeps it: per user and key. */
    static final class MemoryStore implements PrivateStore {
        final Map<String, String> xml = new ConcurrentHashMap<>();

        public CompletionStage<Optional<String>> get(String username, String key) {
            return CompletableFuture.completedFuture(Optional.ofNullable(xml.get(username + "|" + key)));
        }

        public CompletionStage<Void> put(String username, String key, String value) {
            xml.put(username + "|" + key, value);
            return CompletableFuture.completedFuture(null);
        }
    }
}
