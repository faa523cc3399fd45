package parlance.pubsub.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;

/**
 * XEP-0402 §5.3: bookmarks written through XEP-0048 (private XML, or the {@code storage:bookmarks} PEP node) and
 * through XEP-0402 are one list.
 */
class BookmarksTest {
    static final String ROOM1 = "council@conference.example.org";
    static final String ROOM2 = "coven@conference.example.org";
    final Harness h = new Harness();
    final FakeSession alice = h.user("alice@example.org/legacy");
    final FakeSession modern = h.user("alice@example.org/modern");
    /** Requests the private storage handler behind the bookmarks handler received; it answers like disco's. */
    final List<Stanza> privateRequests = new ArrayList<>();
    final IqHandler privateStorage = ctx -> {
        privateRequests.add(ctx.stanza());
        ctx.reply("get".equals(ctx.stanza().type()) ? ctx.stanza().payload().createCopy() : null);
    };
    final BookmarkPrivate privateGet = new BookmarkPrivate(h.engine, () -> privateStorage);
    final BookmarkPrivate privateSet = new BookmarkPrivate(h.engine, () -> privateStorage);

    static Element storage(String... roomNameNick) {
        Element storage = Ns.element("storage", Bookmarks.LEGACY);
        for (int i = 0; i < roomNameNick.length; i += 3) {
            Element c = storage.addElement("conference", Bookmarks.LEGACY).addAttribute("jid", roomNameNick[i])
                    .addAttribute("name", roomNameNick[i + 1]).addAttribute("autojoin", "1");
            c.addElement("nick", Bookmarks.LEGACY).setText(roomNameNick[i + 2]);
        }
        return storage;
    }

    static Element conference(String name, String nick) {
        Element c = Ns.element("conference", Bookmarks.NODE).addAttribute("name", name)
                .addAttribute("autojoin", "true");
        c.addElement("nick", Bookmarks.NODE).setText(nick);
        return c;
    }

    /** The publish-options of XEP-0402 §3. */
    static final String[] OPTIONS = {NodeConfig.PERSIST, "true", NodeConfig.MAX_ITEMS, "max",
        NodeConfig.SEND_LAST, "never", NodeConfig.ACCESS, "whitelist"};

    Stanza publish(FakeSession from, String room, Element conference) {
        return h.pep(from, null, "set", Requests.publish(Bookmarks.NODE, room, conference, OPTIONS));
    }

    Stanza privateIq(String type, Element child) {
        Element query = Ns.element("query", Namespaces.PRIVATE);
        query.add(child);
        Stanza iq = Harness.iq(alice, null, type, query);
        ("get".equals(type) ? privateGet : privateSet).handle(h.context(alice, iq));
        return Harness.reply(alice, iq);
    }

    /** The XEP-0402 items as a client retrieves them: id to conference payload. */
    List<Element> items() {
        Stanza reply = h.pep(modern, null, "get", Requests.items(Bookmarks.NODE, null));
        assertEquals("result", reply.type(), reply.toString());
        return reply.element().element("pubsub").element("items").elements("item");
    }

    @Test
    void privateXmlBookmarksBecomeXep0402ItemsAndStillReachPrivateStorage() {
        h.available(modern, List.of(Bookmarks.NODE + "+notify"));

        Stanza reply = privateIq("set", storage(ROOM1, "Council", "Puck", ROOM2, "Coven", "Hecate"));

        assertEquals("result", reply.type());
        assertEquals(1, privateRequests.size(), "the private storage handler still stores the element");
        List<Element> items = items();
        assertEquals(List.of(ROOM1, ROOM2), items.stream().map(i -> i.attributeValue("id")).toList());
        Element council = items.get(0).element(QName.get("conference", Bookmarks.NODE));
        assertEquals("Council", council.attributeValue("name"));
        assertEquals("true", council.attributeValue("autojoin"));
        assertEquals("Puck", council.elementText(QName.get("nick", Bookmarks.NODE)));
        assertEquals(2, Harness.events(modern).size(), "the XEP-0402 client hears of both bookmarks");
        Stanza config = h.pep(alice, null, "get", Requests.ownerAction("configure", Bookmarks.NODE));
        assertTrue(config.element().asXML().contains("whitelist"), "bookmarks are private (XEP-0402 §3)");
        assertEquals("result", publish(modern, "third@conference.example.org", conference("Third", "P")).type(),
                "the node matches the publish-options XEP-0402 clients send");
    }

    @Test
    void aReplacedListRetractsRemovedBookmarksAndIsSilentAboutUnchangedOnes() {
        privateIq("set", storage(ROOM1, "Council", "Puck", ROOM2, "Coven", "Hecate"));
        h.available(modern, List.of(Bookmarks.NODE + "+notify"));
        modern.delivered.clear();

        privateIq("set", storage(ROOM1, "Council", "Robin"));

        assertEquals(List.of(ROOM1), items().stream().map(i -> i.attributeValue("id")).toList());
        List<Element> events = Harness.events(modern);
        assertEquals(2, events.size(), "one update, one retraction, nothing for what did not change");
        assertEquals(ROOM1, events.get(0).element("items").element("item").attributeValue("id"));
        assertEquals(ROOM2, events.get(1).element("items").element("retract").attributeValue("id"));

        modern.delivered.clear();
        privateIq("set", storage(ROOM1, "Council", "Robin"));
        assertTrue(Harness.events(modern).isEmpty(), "an identical list changes nothing");
    }

    @Test
    void xep0402PublicationsAndRetractionsShowInPrivateXml() {
        Stanza published = publish(modern, ROOM1, conference("Council", "Puck"));
        assertEquals("result", published.type());
        publish(modern, ROOM2, conference("Coven", "Hecate"));

        Element storage = privateIq("get", Ns.element("storage", Bookmarks.LEGACY)).element()
                .element(QName.get("query", Namespaces.PRIVATE)).element(QName.get("storage", Bookmarks.LEGACY));
        assertTrue(privateRequests.isEmpty(), "answered from the XEP-0402 node");
        List<Element> conferences = storage.elements(QName.get("conference", Bookmarks.LEGACY));
        assertEquals(List.of(ROOM1, ROOM2), conferences.stream().map(c -> c.attributeValue("jid")).toList());
        assertEquals("Puck", conferences.get(0).elementText(QName.get("nick", Bookmarks.LEGACY)));
        assertEquals("true", conferences.get(0).attributeValue("autojoin"));

        Element retract = Requests.pubsub();
        retract.addElement("retract", Ns.PUBSUB).addAttribute("node", Bookmarks.NODE).addAttribute("notify", "1")
                .addElement("item", Ns.PUBSUB).addAttribute("id", ROOM1);
        assertEquals("result", h.pep(modern, null, "set", retract).type());

        storage = privateIq("get", Ns.element("storage", Bookmarks.LEGACY)).element()
                .element(QName.get("query", Namespaces.PRIVATE)).element(QName.get("storage", Bookmarks.LEGACY));
        assertEquals(List.of(ROOM2), storage.elements().stream().map(c -> c.attributeValue("jid")).toList());
        String copy = h.privateXml.get("alice " + Bookmarks.PRIVATE_KEY);
        assertNotNull(copy, "the private XML copy serves XEP-0049 when PubSub is not installed");
        assertTrue(copy.contains(ROOM2) && !copy.contains(ROOM1), copy);
    }

    @Test
    void withoutXep0402BookmarksPrivateXmlAnswers() {
        Stanza reply = privateIq("get", Ns.element("storage", Bookmarks.LEGACY));
        assertEquals("result", reply.type());
        assertEquals(1, privateRequests.size());
        assertTrue(h.pep(modern, null, "get", Requests.items(Bookmarks.NODE, null)).type().equals("error"),
                "a read creates no node");
    }

    @Test
    void otherPrivateXmlPassesThroughUntouched() {
        privateIq("set", Ns.element("roster", "storage:rosternotes"));
        assertEquals(1, privateRequests.size());
        assertEquals("error", h.pep(modern, null, "get", Requests.items(Bookmarks.NODE, null)).type());
    }

    @Test
    void legacyPepPublicationIsUnifiedBothWays() {
        Element item = storage(ROOM1, "Council", "Puck");
        Stanza reply = h.pep(alice, null, "set", Requests.publish(Bookmarks.LEGACY, "current", item,
                NodeConfig.ACCESS, "whitelist"));
        assertEquals("result", reply.type());
        assertEquals(List.of(ROOM1), items().stream().map(i -> i.attributeValue("id")).toList());
        assertTrue(h.privateXml.get("alice " + Bookmarks.PRIVATE_KEY).contains(ROOM1));

        publish(modern, ROOM2, conference("Coven", "Hecate"));

        Stanza legacy = h.pep(alice, null, "get", Requests.items(Bookmarks.LEGACY, null));
        Element storage = legacy.element().element("pubsub").element("items").element("item")
                .element(QName.get("storage", Bookmarks.LEGACY));
        assertEquals(List.of(ROOM1, ROOM2), storage.elements().stream().map(c -> c.attributeValue("jid")).toList(),
                "the storage:bookmarks node follows XEP-0402 changes (compat-pep)");
    }

    @Test
    void aLegacyEditKeepsTheExtensionsOfTheBookmark() {
        Element withExt = conference("Council", "Puck");
        withExt.addElement("extensions", Bookmarks.NODE).addElement("state", "urn:example:client");
        publish(modern, ROOM1, withExt);

        privateIq("set", storage(ROOM1, "Council of Oberon", "Puck"));

        Element conference = items().get(0).element(QName.get("conference", Bookmarks.NODE));
        assertEquals("Council of Oberon", conference.attributeValue("name"));
        Element ext = conference.element(QName.get("extensions", Bookmarks.NODE));
        assertNotNull(ext, "XEP-0402 §3: extensions survive an edit by a client that cannot see them");
        assertNotNull(ext.element(QName.get("state", "urn:example:client")));
    }

    @Test
    void aFailedPublicationChangesNoLegacyCopy() {
        publish(modern, ROOM1, conference("Council", "Puck"));
        String before = h.privateXml.get("alice " + Bookmarks.PRIVATE_KEY);
        FakeSession mallory = h.user("mallory@example.org/x");
        Stanza refused = h.pep(mallory, "alice@example.org", "set", Requests.publish(Bookmarks.NODE, ROOM2,
                conference("Evil", "m"), OPTIONS));
        assertEquals("error", refused.type());
        assertEquals(before, h.privateXml.get("alice " + Bookmarks.PRIVATE_KEY));
        assertFalse(before.contains(ROOM2));
    }
}
