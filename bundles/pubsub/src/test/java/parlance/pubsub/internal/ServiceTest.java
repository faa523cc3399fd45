package parlance.pubsub.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/** The PubSub domain (XEP-0060): nodes, items, subscriptions, access models, owner use cases, persistence. */
class ServiceTest {
    static final String NS = "urn:example:news";
    final Harness h = new Harness();
    final FakeSession owner = h.user("owner@example.org/a");
    final FakeSession reader = h.user("reader@example.org/b");

    static Element news(String text) {
        return Requests.payload("entry", NS, text);
    }

    @Test
    void createPublishAndRetrieveByMaxItemsAndIds() {
        assertEquals("result", h.service(owner, "set", Requests.create("news")).type());
        for (String id : List.of("1", "2", "3")) {
            h.service(owner, "set", Requests.publish("news", id, news("n" + id)));
        }
        Stanza all = h.service(reader, "get", Requests.items("news", null));
        assertEquals(List.of("1", "2", "3"), Requests.ids(all.payload().element("items")));
        Stanza newest = h.service(reader, "get", Requests.items("news", 2));
        assertEquals(List.of("2", "3"), Requests.ids(newest.payload().element("items")));
        Stanza byId = h.service(reader, "get", Requests.items("news", null, "1"));
        Element item = byId.payload().element("items").element("item");
        assertEquals("n1", item.element(QName.get("entry", NS)).getText());
        assertEquals("conflict", TestStanzas.condition(h.service(owner, "set", Requests.create("news"))));
    }

    @Test
    void instantNodesGetAGeneratedIdAndRemoteUsersCannotCreate() {
        Stanza created = h.service(owner, "set", Requests.create(null));
        String id = created.payload().element("create").attributeValue("node");
        assertNotNull(id);
        assertEquals("result", h.service(owner, "set", Requests.ownerAction("delete", id)).type());
        FakeSession remote = h.user("someone@elsewhere.net/x");
        assertEquals("forbidden", TestStanzas.condition(h.service(remote, "set", Requests.create("x"))));
    }

    @Test
    void subscribersGetTheLastItemThenNotificationsWithOrWithoutPayload() {
        h.service(owner, "set", Requests.create("news"));
        h.service(owner, "set", Requests.publish("news", "old", news("before")));
        Stanza sub = h.service(reader, "set", Requests.action("subscribe", "news", "reader@example.org/b"));
        assertEquals("subscribed", sub.payload().element("subscription").attributeValue("subscription"));
        assertEquals(1, Harness.events(reader).size(), "last published item on subscription (§6.1.7)");

        h.service(owner, "set", Requests.publish("news", "new", news("after")));
        Element event = Harness.events(reader).get(1);
        assertEquals("after", event.element("items").element("item").element(QName.get("entry", NS)).getText());

        h.service(owner, "set", Requests.configure("news", "pubsub#deliver_payloads", "0"));
        h.service(owner, "set", Requests.publish("news", "quiet", news("hidden")));
        Element bare = Harness.events(reader).get(2).element("items").element("item");
        assertEquals("quiet", bare.attributeValue("id"));
        assertTrue(bare.elements().isEmpty(), "notification without payload");

        assertEquals("result", h.service(reader, "set",
                Requests.action("unsubscribe", "news", "reader@example.org/b")).type());
        h.service(owner, "set", Requests.publish("news", "gone", news("x")));
        assertEquals(3, Harness.events(reader).size());
        Stanza again = h.service(reader, "set", Requests.action("unsubscribe", "news", "reader@example.org/b"));
        assertEquals("not-subscribed", Harness.pubsubCondition(again));
    }

    @Test
    void subscribingForSomeoneElseIsRefused() {
        h.service(owner, "set", Requests.create("news"));
        Stanza s = h.service(reader, "set", Requests.action("subscribe", "news", "owner@example.org"));
        assertEquals("invalid-jid", Harness.pubsubCondition(s));
    }

    @Test
    void subscriptionOptionCanStopDelivery() {
        h.service(owner, "set", Requests.create("news"));
        h.service(reader, "set", Requests.action("subscribe", "news", "reader@example.org/b"));
        Element options = Requests.action("options", "news", "reader@example.org/b");
        Element x = Forms.form("submit", Ns.SUBSCRIBE_OPTIONS);
        Forms.field(x, "pubsub#deliver", null, null, "false");
        options.element("options").add(x);
        assertEquals("result", h.service(reader, "set", options).type());
        h.service(owner, "set", Requests.publish("news", "1", news("x")));
        assertTrue(Harness.events(reader).isEmpty());
        Stanza form = h.service(reader, "get", Requests.action("options", "news", "reader@example.org/b"));
        Element got = form.payload().element("options").element(QName.get("x", Ns.DATA));
        assertEquals("0", Forms.first(Forms.values(got), "pubsub#deliver"));
    }

    @Test
    void transientNotificationOnlyNodesForbidItems() {
        h.service(owner, "set", Requests.create("pings", "pubsub#deliver_payloads", "0",
                "pubsub#persist_items", "0"));
        Element empty = Requests.pubsub();
        empty.addElement("publish", Ns.PUBSUB).addAttribute("node", "pings");
        assertEquals("result", h.service(owner, "set", empty).type());
        Stanza withItem = h.service(owner, "set", Requests.publish("pings", "1", news("x")));
        assertEquals("bad-request", TestStanzas.condition(withItem));
        assertEquals("modify", withItem.element().element("error").attributeValue("type"));
        assertEquals("item-forbidden", Harness.pubsubCondition(withItem));
        Stanza persistent = h.service(owner, "set", Requests.create("p"));
        assertEquals("result", persistent.type());
        Element noItem = Requests.pubsub();
        noItem.addElement("publish", Ns.PUBSUB).addAttribute("node", "p");
        assertEquals("item-required", Harness.pubsubCondition(h.service(owner, "set", noItem)));
    }

    @Test
    void whitelistAdmitsMembersTheOwnerAffiliates() {
        h.service(owner, "set", Requests.create("club", "pubsub#access_model", "whitelist"));
        Stanza closed = h.service(reader, "set", Requests.action("subscribe", "club", "reader@example.org"));
        assertEquals("not-allowed", TestStanzas.condition(closed));
        assertEquals("closed-node", Harness.pubsubCondition(closed));

        Element set = Requests.ownerAction("affiliations", "club");
        set.element("affiliations").addElement("affiliation", Ns.OWNER)
                .addAttribute("jid", "reader@example.org").addAttribute("affiliation", "member");
        assertEquals("result", h.service(owner, "set", set).type());
        Stanza sub = h.service(reader, "set", Requests.action("subscribe", "club", "reader@example.org"));
        assertEquals("subscribed", sub.payload().element("subscription").attributeValue("subscription"));

        Stanza list = h.service(owner, "get", Requests.ownerAction("affiliations", "club"));
        assertEquals(2, list.payload().element("affiliations").elements().size());
        Stanza mine = h.service(reader, "get", Requests.pubsub().addElement("affiliations", Ns.PUBSUB).getParent());
        assertEquals("member", mine.payload().element("affiliations").element("affiliation")
                .attributeValue("affiliation"));
        assertEquals("forbidden", TestStanzas.condition(h.service(reader, "get",
                Requests.ownerAction("affiliations", "club"))));
    }

    @Test
    void authorizeMakesSubscriptionsPendingUntilTheOwnerApproves() {
        h.service(owner, "set", Requests.create("diary", "pubsub#access_model", "authorize"));
        h.service(owner, "set", Requests.publish("diary", "1", news("secret")));
        Stanza pending = h.service(reader, "set", Requests.action("subscribe", "diary", "reader@example.org"));
        assertEquals("pending", pending.payload().element("subscription").attributeValue("subscription"));
        assertEquals("not-subscribed", Harness.pubsubCondition(h.service(reader, "get", Requests.items("diary", 0))));

        Stanza ask = h.routed.stream().filter(s -> s.kind() == Stanza.Kind.MESSAGE).findFirst().get();
        assertEquals("owner@example.org", ask.to().toString());
        Element form = ask.element().element(QName.get("x", Ns.DATA));
        assertEquals(Ns.SUBSCRIBE_AUTHORIZATION, Forms.first(Forms.values(form), "FORM_TYPE"));
        Element answer = form.createCopy();
        answer.addAttribute("type", "submit");
        for (Element f : answer.elements()) {
            if ("pubsub#allow".equals(f.attributeValue("var"))) {
                f.element("value").setText("true");
            }
        }
        Stanza message = TestStanzas.stanza("message", owner.jid.toString(), Harness.SERVICE, null);
        message.element().add(answer);
        h.dispatcher.receive(message, null);

        Element told = h.routed.stream().filter(m -> m.to().toString().equals("reader@example.org"))
                .map(m -> m.element().element(QName.get("event", Ns.EVENT))).filter(e -> e != null)
                .findFirst().get().element("subscription");
        assertEquals("subscribed", told.attributeValue("subscription"));
        Stanza items = h.service(reader, "get", Requests.items("diary", 0));
        assertEquals(List.of("1"), Requests.ids(items.payload().element("items")));
    }

    @Test
    void ownerConfiguresPurgesAndDeletesWithNotifications() {
        h.service(owner, "set", Requests.create("news"));
        Stanza defaults = h.service(owner, "get", Requests.ownerAction("default", null));
        assertNotNull(defaults.payload().element("default").element(QName.get("x", Ns.DATA)));
        assertEquals("not-acceptable", TestStanzas.condition(h.service(owner, "set",
                Requests.configure("news", "pubsub#access_model", "everyone"))));
        assertEquals("forbidden", TestStanzas.condition(h.service(reader, "set",
                Requests.configure("news", "pubsub#title", "mine"))));
        h.service(owner, "set", Requests.configure("news", "pubsub#title", "News", "pubsub#notify_config", "1"));
        h.service(reader, "set", Requests.action("subscribe", "news", "reader@example.org/b"));
        h.service(owner, "set", Requests.publish("news", "1", news("a")));

        assertEquals("result", h.service(owner, "set", Requests.ownerAction("purge", "news")).type());
        assertTrue(h.service(owner, "get", Requests.items("news", null)).payload().element("items").elements()
                .isEmpty());
        Stanza subs = h.service(owner, "get", Requests.ownerAction("subscriptions", "news"));
        assertEquals("reader@example.org/b", subs.payload().element("subscriptions").element("subscription")
                .attributeValue("jid"));
        assertEquals("result", h.service(owner, "set", Requests.ownerAction("delete", "news")).type());
        List<Element> events = Harness.events(reader);
        assertNotNull(events.get(events.size() - 2).element("purge"));
        assertNotNull(events.get(events.size() - 1).element("delete"));
        assertEquals("item-not-found", TestStanzas.condition(h.service(owner, "get", Requests.items("news", 0))));
    }

    @Test
    void discoShowsTheServiceItsNodesAndTheirItems() {
        h.service(owner, "set", Requests.create("news", "pubsub#title", "News"));
        h.service(owner, "set", Requests.publish("news", "1", news("a")));
        Stanza info = h.service(reader, "get", Ns.element("query", Namespaces.DISCO_INFO));
        Element identity = info.payload().element("identity");
        assertEquals("pubsub/service", identity.attributeValue("category") + "/" + identity.attributeValue("type"));
        Stanza nodes = h.service(reader, "get", Ns.element("query", Namespaces.DISCO_ITEMS));
        assertEquals("news", nodes.payload().element("item").attributeValue("node"));
        Element q = Ns.element("query", Namespaces.DISCO_ITEMS).addAttribute("node", "news");
        assertEquals("1", h.service(reader, "get", q).payload().element("item").attributeValue("name"));
        Element meta = Ns.element("query", Namespaces.DISCO_INFO).addAttribute("node", "news");
        Element form = h.service(reader, "get", meta).payload().element(QName.get("x", Ns.DATA));
        assertEquals("owner@example.org", Forms.first(Forms.values(form), "pubsub#owner"));
    }

    @Test
    void nodesItemsAndSubscriptionsSurviveARestartWithTheStore() {
        h.service(owner, "set", Requests.create("news", "pubsub#access_model", "whitelist"));
        h.service(owner, "set", Requests.publish("news", "1", news("kept")));
        Element member = Requests.ownerAction("affiliations", "news");
        member.element("affiliations").addElement("affiliation", Ns.OWNER)
                .addAttribute("jid", "reader@example.org").addAttribute("affiliation", "member");
        h.service(owner, "set", member);
        Element set = Requests.ownerAction("subscriptions", "news");
        set.element("subscriptions").addElement("subscription", Ns.OWNER)
                .addAttribute("jid", "reader@example.org").addAttribute("subscription", "subscribed");
        h.service(owner, "set", set);

        Harness restarted = new Harness(Settings.defaults(), h.store);
        FakeSession o = restarted.user("owner@example.org/a");
        FakeSession r = restarted.user("reader@example.org/b");
        Stanza items = restarted.service(r, "get", Requests.items("news", null));
        assertEquals(List.of("1"), Requests.ids(items.payload().element("items")), "still a member");
        Stanza mine = restarted.service(r, "get", Requests.pubsub().addElement("subscriptions", Ns.PUBSUB)
                .getParent());
        assertEquals("subscribed", mine.payload().element("subscriptions").element("subscription")
                .attributeValue("subscription"));
        restarted.service(o, "set", Requests.publish("news", "2", news("new")));
        assertEquals(1, restarted.routed.stream().filter(s -> s.kind() == Stanza.Kind.MESSAGE).count(),
                "the bare subscriber is notified through the router");
        assertNull(Harness.pubsubCondition(items));
    }
}
