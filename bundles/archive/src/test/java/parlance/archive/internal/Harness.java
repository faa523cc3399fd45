package parlance.archive.internal;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Stanza;
import parlance.router.internal.RouterFixture;
import parlance.testkit.FakeSession;
import parlance.testkit.TestPreparer;
import parlance.testkit.TestStanzas;

/** The real router and session table with every component of this bundle, wired as DS would, over memory stores. */
final class Harness extends RouterFixture {
    final MemoryStores stores = new MemoryStores();
    final Carbons carbons;
    final Preferences preferences;

    Harness(String defaultPolicy, int maxPage) {
        ArchiveConfig config = config(defaultPolicy, maxPage);
        preferences = new Preferences(stores, config);
        carbons = new Carbons(sessions);
        sessions.addListener(carbons);
        MessageArchive archive = new MessageArchive(stores, preferences, stores, stores, sessions, config);
        addInterceptor(new AccountMessages(archive, carbons));
        addIqHandler(new MamQueryIq(stores, new TestPreparer(), config), IqHandler.TYPE, new String[] {"get", "set"},
                IqHandler.NAMESPACE, Ns.MAM, IqHandler.ELEMENT, "query", IqHandler.TARGET, "account");
        addIqHandler(new MamPrefsIq(preferences, new TestPreparer()), IqHandler.TYPE, new String[] {"get", "set"},
                IqHandler.NAMESPACE, Ns.MAM, IqHandler.ELEMENT, "prefs", IqHandler.TARGET, "account");
        addIqHandler(new CarbonsIq(carbons), IqHandler.TYPE, "set", IqHandler.NAMESPACE, Ns.CARBONS,
                IqHandler.ELEMENT, new String[] {"enable", "disable"}, IqHandler.TARGET, "server");
        for (String user : List.of("juliet", "romeo", "nurse")) {
            stores.users.add(user);
        }
    }

    static ArchiveConfig config(String defaultPolicy, int maxPage) {
        return new ArchiveConfig() {
            public Class<? extends Annotation> annotationType() {
                return ArchiveConfig.class;
            }

            public String default_policy() {
                return defaultPolicy;
            }

            public int max_page() {
                return maxPage;
            }

            public int timeout_seconds() {
                return 5;
            }
        };
    }

    /** Sends a chat message with a body from a session. */
    Stanza chat(FakeSession from, String to, String body) {
        Stanza m = TestStanzas.message(from.jid.toString(), to, "chat", body);
        send(from, m);
        return m;
    }

    /** Enables carbons for a session and waits for the result. */
    void enableCarbons(FakeSession s) {
        Stanza iq = TestStanzas.iq(s.jid.toString(), null, "set", Ns.CARBONS, "enable");
        send(s, iq);
        await(() -> s.last() != null && "result".equals(s.last().type()));
    }

    /** The messages a session received whose body is set, in order. */
    static List<String> bodies(FakeSession s) {
        List<String> out = new ArrayList<>();
        for (Stanza st : s.delivered) {
            String body = st.element().elementText("body");
            if (st.kind() == Stanza.Kind.MESSAGE && body != null) {
                out.add(body);
            }
        }
        return out;
    }

    /** The carbon copies ({@code sent} or {@code received}) a session got: the bodies of the forwarded messages. */
    static List<String> carbons(FakeSession s, String direction) {
        List<String> out = new ArrayList<>();
        for (Stanza st : s.delivered) {
            Element c = st.element().element(QName.get(direction, Ns.CARBONS));
            if (c != null) {
                Element inner = c.element(QName.get("forwarded", Ns.FORWARD)).element("message");
                out.add(inner.elementText("body"));
            }
        }
        return out;
    }

    @Override
    public void close() {
        super.close();
        stores.shutdown();
    }
}
