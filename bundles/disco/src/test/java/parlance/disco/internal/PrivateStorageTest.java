package parlance.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;
import parlance.api.storage.PrivateStore;

/** XEP-0049: store (§2.2), retrieve (§2.3), errors (§3). */
class PrivateStorageTest {
    /** Serialised XML per user and key, completing on another thread like a real store. */
    static final class Store implements PrivateStore {
        final Map<String, String> data = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<Optional<String>> get(String username, String key) {
            return CompletableFuture.supplyAsync(() -> Optional.ofNullable(data.get(username + '|' + key)));
        }

        @Override
        public CompletionStage<Void> put(String username, String key, String xml) {
            return CompletableFuture.runAsync(() -> data.put(username + '|' + key, xml));
        }
    }

    private final Store store = new Store();

    private static Element privateQuery(String ns, String name) {
        Element query = FakeContext.query(Namespaces.PRIVATE);
        query.addElement(QName.get(name, ns));
        return query;
    }

    @Test
    void storedXmlComesBackAndUnknownElementsComeBackEmpty() throws Exception {
        Element set = privateQuery("storage:bookmarks", "storage");
        Element conference = set.element("storage").addElement("conference", "storage:bookmarks");
        conference.addAttribute("jid", "council@conference.example.org");
        conference.addElement("nick", "storage:bookmarks").setText("Juliet & co <3");
        FakeContext store1 = FakeContext.iq("set", FakeContext.JULIET, null, set);
        new PrivateSet(store).handle(store1);
        assertEquals("result", store1.awaitReply().type());
        assertTrue(store.data.containsKey("juliet|storage:bookmarks storage"), store.data.toString());

        FakeContext get = FakeContext.iq("get", FakeContext.JULIET, FakeContext.JULIET.bare(),
                privateQuery("storage:bookmarks", "storage"));
        new PrivateGet(store).handle(get);
        Element storage = get.awaitResult().element(QName.get("storage", "storage:bookmarks"));
        Element back = storage.element(QName.get("conference", "storage:bookmarks"));
        assertEquals("council@conference.example.org", back.attributeValue("jid"));
        assertEquals("Juliet & co <3", back.elementText(QName.get("nick", "storage:bookmarks")));

        FakeContext none = FakeContext.iq("get", FakeContext.JULIET, null, privateQuery("urn:example:prefs", "prefs"));
        new PrivateGet(store).handle(none);
        Element prefs = none.awaitResult().element(QName.get("prefs", "urn:example:prefs"));
        assertTrue(prefs.elements().isEmpty() && prefs.getText().isEmpty(), "the empty element, as asked");
    }

    @Test
    void reservedNamespacesAreNotAcceptable() throws Exception {
        for (String ns : new String[] {Namespaces.CLIENT, "jabber:x:data", ""}) {
            FakeContext ctx = FakeContext.iq("set", FakeContext.JULIET, null, privateQuery(ns, "x"));
            new PrivateSet(store).handle(ctx);
            assertEquals("not-acceptable", ctx.awaitErrorCondition(), ns);
        }
        FakeContext empty = FakeContext.iq("get", FakeContext.JULIET, null, FakeContext.query(Namespaces.PRIVATE));
        new PrivateGet(store).handle(empty);
        assertEquals("not-acceptable", empty.awaitErrorCondition());
        assertTrue(store.data.isEmpty());
    }

    @Test
    void anotherAccountsDataIsForbidden() throws Exception {
        FakeContext ctx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.ROMEO,
                privateQuery("storage:bookmarks", "storage"));
        new PrivateGet(store).handle(ctx);
        assertEquals("forbidden", ctx.awaitErrorCondition());
    }
}
