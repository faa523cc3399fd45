package parlance.vcard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import parlance.router.internal.RouterFixture;
import parlance.testkit.FakeSession;
import parlance.testkit.MemoryPrivateStore;
import parlance.testkit.TestStanzas;

/** XEP-0054 and XEP-0153 through the real router, over a memory store. */
class VCardTest {
    private final MemoryPrivateStore store = new MemoryPrivateStore();
    private final Map<String, String> xml = store.xml;
    private final List<Stanza> broadcasts = new CopyOnWriteArrayList<>();
    private RouterFixture server;
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
        server = new RouterFixture();
        vcards = new VCards(store, server.sessions);
        server.sessions.addListener(vcards);
        server.addIqHandler(new VCardIq(vcards, config(2048)), IqHandler.TYPE, new String[] {"get", "set"},
                IqHandler.NAMESPACE, Ns.VCARD, IqHandler.ELEMENT, "vCard", IqHandler.TARGET, "account");
        server.addStanzaHandler(new AvatarPresence(vcards, config(2048)), StanzaHandler.KIND, "presence",
                IqHandler.TARGET, "account", Constants.SERVICE_RANKING, 900);
        // stands in for the IM bundle's presence handler: records what it would broadcast
        server.addStanzaHandler(ctx -> ctx.stanza().to() == null && broadcasts.add(ctx.stanza()),
                StanzaHandler.KIND, "presence", IqHandler.TARGET, "account");
        juliet = server.connect("juliet@example.org/balcony");
        romeo = server.connect("romeo@example.org/orchard");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Stanza iq(FakeSession from, String to, String type, Element vcard) {
        Stanza iq = TestStanzas.iq(from.jid.toString(), to, type, Ns.VCARD, "vCard");
        if (vcard != null) {
            iq.element().remove(iq.element().element("vCard"));
            iq.element().add(vcard);
        }
        return server.request(from, iq);
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
        server.send(juliet, TestStanzas.presence("juliet@example.org/balcony", null, null, 0));
        assertNull(broadcasts.get(0).element().element(QName.get("x", Ns.UPDATE))); // no vCard: nothing added

        iq(juliet, null, "set", vcard("Juliet", "avatar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(sha1("avatar"), VCards.photoHash(vcard("J", "avatar".getBytes(StandardCharsets.US_ASCII))));
        server.send(juliet, TestStanzas.presence("juliet@example.org/balcony", null, null, 0));
        Element x = broadcasts.get(1).element().element(QName.get("x", Ns.UPDATE));
        assertEquals(sha1("avatar"), x.elementText(QName.get("photo", Ns.UPDATE)));

        Stanza own = TestStanzas.presence("juliet@example.org/balcony", null, null, 0);
        own.element().addElement(QName.get("x", Ns.UPDATE)); // the client's own (empty: "not ready")
        server.send(juliet, own);
        assertEquals(own, broadcasts.get(2)); // passed unchanged

        // a new session of the account finds the hash stored with the vCard
        server.sessions.unregister(juliet);
        FakeSession again = server.connect("juliet@example.org/garden");
        server.send(again, TestStanzas.presence("juliet@example.org/garden", null, null, 0));
        assertEquals(sha1("avatar"), broadcasts.get(3).element().element(QName.get("x", Ns.UPDATE))
                .elementText(QName.get("photo", Ns.UPDATE)));
        server.send(romeo, TestStanzas.presence("romeo@example.org/orchard", "juliet@example.org", null, 0));
        assertEquals(4, broadcasts.size()); // directed presence is no broadcast: untouched, not seen here
    }

    private static String sha1(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(s.getBytes(StandardCharsets.US_ASCII)));
    }
}
