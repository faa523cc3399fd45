package parlance.upload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.testkit.TestStanzas;

/** XEP-0363 §2 discovery and §4 slot requests as a client sees them. */
class SlotIqTest {
    static final String SERVICE = "upload.example.org";
    final List<Stanza> routed = new ArrayList<>();
    final Router router = new Router() {
        @Override
        public void route(Stanza stanza) {
            routed.add(stanza);
        }

        @Override
        public void receive(ClientSession origin, Stanza stanza) {
            throw new UnsupportedOperationException();
        }
    };
    final AtomicInteger httpsPort = new AtomicInteger(5281);
    final Uploads uploads = new Uploads(UploadsTest.LIMITS, new SecureRandom());
    final CompletableFuture<Void> loaded = new CompletableFuture<>();
    final SlotIq iq = new SlotIq("example.org", "HTTP File Upload", uploads,
            new Urls("", "example.org", httpsPort::get, () -> 5280), loaded, () -> 0L);

    Stanza request(String from, String filename, String size) {
        Stanza s = TestStanzas.iq(from, SERVICE, "get", SlotIq.NS, "request");
        s.element().element("request").addAttribute("filename", filename).addAttribute("size", size);
        return s;
    }

    Stanza last() {
        return routed.get(routed.size() - 1);
    }

    @Test
    void discoInfoNamesTheStoreTheFeatureAndTheMaximumSize() {
        iq.receive(TestStanzas.iq("alice@example.org/a", SERVICE, "get", Namespaces.DISCO_INFO, "query"), router);
        Element query = last().element().element("query");
        Element identity = query.element("identity");
        assertEquals("store", identity.attributeValue("category"));
        assertEquals("file", identity.attributeValue("type"));
        assertTrue(query.elements("feature").stream()
                .anyMatch(f -> SlotIq.NS.equals(((Element) f).attributeValue("var"))));
        Element form = query.element(QName.get("x", "jabber:x:data"));
        assertEquals(SlotIq.NS, form.elements().stream().map(e -> (Element) e)
                .filter(f -> "FORM_TYPE".equals(f.attributeValue("var"))).findFirst().get().elementText("value"));
        assertEquals("1000", form.elements().stream().map(e -> (Element) e)
                .filter(f -> "max-file-size".equals(f.attributeValue("var"))).findFirst().get()
                .elementText("value"));
    }

    @Test
    void aSlotHasPutAndGetUrlsOnTheHttpsPortUnderAnUnguessablePath() {
        loaded.complete(null);
        iq.receive(request("alice@example.org/a", "très cool.jpg", "500"), router);
        Stanza reply = last();
        assertEquals("result", reply.type());
        Element slot = reply.element().element(QName.get("slot", SlotIq.NS));
        String put = slot.element("put").attributeValue("url");
        assertEquals(put, slot.element("get").attributeValue("url"));
        assertTrue(put.matches("https://example\\.org:5281/upload/[A-Za-z0-9_-]{22}/tr%C3%A8s_cool\\.jpg"), put);
        assertEquals(500, uploads.used("alice@example.org"));

        httpsPort.set(0);
        iq.receive(request("alice@example.org/a", "b.txt", "1"), router);
        assertTrue(last().element().element("slot").element("put").attributeValue("url")
                .startsWith("http://example.org:5280/upload/"), "plain HTTP when HTTPS is off");
    }

    @Test
    void tooLargeIsNotAcceptableWithTheMaximumSize() {
        loaded.complete(null);
        iq.receive(request("alice@example.org/a", "big.iso", "1001"), router);
        Element error = last().element().element("error");
        assertEquals("not-acceptable", TestStanzas.condition(last()));
        assertEquals("modify", error.attributeValue("type"));
        Element tooLarge = error.element(QName.get("file-too-large", SlotIq.NS));
        assertNotNull(tooLarge);
        assertEquals("1000", tooLarge.elementText(QName.get("max-file-size", SlotIq.NS)));
    }

    @Test
    void overTheQuotaIsAResourceConstraintToWaitFor() {
        loaded.complete(null);
        iq.receive(request("alice@example.org/a", "1", "1000"), router);
        iq.receive(request("alice@example.org/b", "2", "1000"), router);
        iq.receive(request("alice@example.org/a", "3", "1000"), router);
        assertEquals("resource-constraint", TestStanzas.condition(last()));
        assertEquals("wait", last().element().element("error").attributeValue("type"));
        iq.receive(request("bob@example.org/a", "3", "1000"), router);
        assertEquals("result", last().type());
    }

    @Test
    void badRequestsAndForeignUsersAreRefused() {
        loaded.complete(null);
        iq.receive(request("alice@example.org/a", "f", "-3"), router);
        assertEquals("bad-request", TestStanzas.condition(last()));
        iq.receive(request("alice@example.org/a", "f", "many"), router);
        assertEquals("bad-request", TestStanzas.condition(last()));
        iq.receive(request("eve@elsewhere.net/a", "f", "10"), router);
        assertEquals("forbidden", TestStanzas.condition(last()));
    }

    @Test
    void requestsBeforeTheStoredFilesAreCountedAreAnsweredOnceTheyAre() {
        iq.receive(request("alice@example.org/a", "f", "10"), router);
        assertTrue(routed.isEmpty());
        loaded.complete(null);
        assertEquals("result", last().type());
    }
}
