package parlance.vcard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import parlance.api.handler.IqHandler;
import parlance.api.handler.StanzaHandler;
import parlance.api.stanza.Stanza;
import parlance.api.storage.PrivateStore;
import parlance.router.internal.RouterConfig;
import parlance.router.internal.SessionTable;
import parlance.router.internal.SessionsConfig;
import parlance.router.internal.StanzaRouter;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** XEP-0054 and XEP-0153 through the real router, over a memory store. */
class VCardTest implements PrivateStore {
    private final Map<String, String> xml = new ConcurrentHashMap<>();
    private final List<Stanza> broadcasts = new CopyOnWriteArrayList<>();
    private SessionTable sessions;
    private StanzaRouter router;
    private VCards vcards;
    private FakeSession juliet;
    private FakeSession romeo;

    static VCardConfig config(int max) {
        return new VCardConfig() {
            public Class<? extends Annotation> annotationType() {
                return VCardConfig.class;
            }

            public int max_size() {
                return max;
            }

            public boolean presence_update() {
                return true;
            }
        };
    }

    @BeforeEach
    void setUp() throws Exception {
        sessions = new SessionTable();
        sessions.configure(new SessionsConfig() {
            public Class<? extends Annotation> annotationType() {
                return SessionsConfig.class;
            }

            public int max_resources() {
                return 10;
            }

            public String conflict() {
                return "kick_old";
            }
        });
        router = new StanzaRouter(sessions, TestStanzas.server(), new RouterConfig() {
            public Class<? extends Annotation> annotationType() {
                return RouterConfig.class;
            }

            public int handler_threads() {
                return 2;
            }

            public int handler_queue() {
                return 100;
            }
        });
        vcards = new VCards(this, sessions);
        sessions.addListener(vcards);
        router.addIqHandler(new VCardIq(vcards, config(2048)), props(IqHandler.TYPE, new String[] {"get", "set"},
                IqHandler.NAMESPACE, Ns.VCARD, IqHandler.ELEMENT, "vCard", IqHandler.TARGET, "account", 1));
        router.addStanzaHandler(new AvatarPresence(vcards, config(2048)), props(StanzaHandler.KIND, "presence",
                IqHandler.TARGET, "account", Constants.SERVICE_RANKING, 900, 2));
        // stands in for the IM bundle's presence handler: records what it would broadcast
        router.addStanzaHandler(ctx -> ctx.stanza().to() == null && broadcasts.add(ctx.stanza()),
                props(StanzaHandler.KIND, "presence", IqHandler.TARGET, "account", 3));
        juliet = login("juliet@example.org/balcony");
        romeo = login("romeo@example.org/orchard");
    }

    @AfterEach
    void tearDown() {
        router.deactivate();
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.put(Constants.SERVICE_ID, ((Number) kv[kv.length - 1]).longValue());
        return m;
    }

    private FakeSession login(String jid) throws Exception {
        FakeSession s = new FakeSession(jid);
        sessions.register(s);
        return s;
    }

    private Stanza iq(FakeSession from, String to, String type, Element vcard) {
        Stanza iq = TestStanzas.iq(from.jid.toString(), to, type, Ns.VCARD, "vCard");
        if (vcard != null) {
            iq.element().remove(iq.element().element("vCard"));
            iq.element().add(vcard);
        }
        router.receive(from, iq);
        return from.delivered.stream().filter(r -> iq.id().equals(r.id())).findFirst().orElseThrow();
    }

    private static Element vcard(String fn, byte[] photo) {
        Element v = org.dom4j.DocumentHelper.createElement(QName.get("vCard", Ns.VCARD));
        v.addElement(QName.get("FN", Ns.VCARD)).setText(fn);
        if (photo != null) {
            Element p = v.addElement(QName.get("PHOTO", Ns.VCARD));
            p.addElement(QName.get("TYPE", Ns.VCARD)).setText("image/png");
            p.addElement(QName.get("BINVAL", Ns.VCARD)).setText(Base64.getMimeEncoder().encodeToString(photo));
        }
        return v;
    }

    @Test
    void setGetOwnAndAnothersVCard() {
        Stanza empty = iq(juliet, null, "get", null);
        assertEquals("result", empty.type());
        assertTrue(empty.payload().elements().isEmpty()); // §3.1: no vCard yet, an empty one
        assertEquals("item-not-found", TestStanzas.condition(iq(romeo, "juliet@example.org", "get", null)));

        assertEquals("result", iq(juliet, null, "set", vcard("Juliet Capulet", null)).type());
        assertEquals("Juliet Capulet", iq(juliet, "juliet@example.org", "get", null).payload()
                .elementText(QName.get("FN", Ns.VCARD)));
        Stanza other = iq(romeo, "juliet@example.org", "get", null); // §3.3
        assertEquals("Juliet Capulet", other.payload().elementText(QName.get("FN", Ns.VCARD)));
        assertEquals("juliet@example.org", other.element().attributeValue("from"));

        assertEquals("forbidden", TestStanzas.condition(iq(romeo, "juliet@example.org", "set", vcard("R", null))));
        assertEquals("vcard-temp#vCard", xml.keySet().iterator().next().split("\\|")[1]);
    }

    @Test
    void vCardsAboveTheConfiguredSizeAreRefused() {
        Stanza reply = iq(juliet, null, "set", vcard("x".repeat(3000), null));
        assertEquals("not-acceptable", TestStanzas.condition(reply));
        assertTrue(iq(juliet, null, "get", null).payload().elements().isEmpty());
    }

    @Test
    void presenceBroadcastsCarryThePhotoHashUnlessTheClientSentOne() throws Exception {
        router.receive(juliet, TestStanzas.presence("juliet@example.org/balcony", null, null, 0));
        assertNull(broadcasts.get(0).element().element(QName.get("x", Ns.UPDATE))); // no vCard: nothing added

        iq(juliet, null, "set", vcard("Juliet", "avatar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(sha1("avatar"), VCards.photoHash(vcard("J", "avatar".getBytes(StandardCharsets.US_ASCII))));
        router.receive(juliet, TestStanzas.presence("juliet@example.org/balcony", null, null, 0));
        Element x = broadcasts.get(1).element().element(QName.get("x", Ns.UPDATE));
        assertEquals(sha1("avatar"), x.elementText(QName.get("photo", Ns.UPDATE)));

        Stanza own = TestStanzas.presence("juliet@example.org/balcony", null, null, 0);
        own.element().addElement(QName.get("x", Ns.UPDATE)); // the client's own (empty: "not ready")
        router.receive(juliet, own);
        assertEquals(own, broadcasts.get(2)); // passed unchanged

        // a new session of the account finds the hash stored with the vCard
        sessions.unregister(juliet);
        FakeSession again = login("juliet@example.org/garden");
        router.receive(again, TestStanzas.presence("juliet@example.org/garden", null, null, 0));
        assertEquals(sha1("avatar"), broadcasts.get(3).element().element(QName.get("x", Ns.UPDATE))
                .elementText(QName.get("photo", Ns.UPDATE)));
        router.receive(romeo, TestStanzas.presence("romeo@example.org/orchard", "juliet@example.org", null, 0));
        assertEquals(4, broadcasts.size()); // directed presence is no broadcast: untouched, not seen here
    }

    private static String sha1(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(s.getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public CompletionStage<Optional<String>> get(String username, String key) {
        return CompletableFuture.completedFuture(Optional.ofNullable(xml.get(username + '|' + key)));
    }

    @Override
    public CompletionStage<Void> put(String username, String key, String value) {
        xml.put(username + '|' + key, value);
        return CompletableFuture.completedFuture(null);
    }
}
