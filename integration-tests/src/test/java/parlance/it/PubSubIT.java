package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static parlance.it.PubSubs.eventIds;
import static parlance.it.PubSubs.ids;
import static parlance.it.PubSubs.item;
import static parlance.it.PubSubs.pubsubCondition;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.mood.Mood;
import org.jivesoftware.smackx.mood.MoodManager;
import org.jivesoftware.smackx.mood.element.MoodElement;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.Affiliation;
import org.jivesoftware.smackx.pubsub.EventElement;
import org.jivesoftware.smackx.pubsub.EventElementType;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.RetractItem;
import org.jivesoftware.smackx.pubsub.Subscription;
import org.jivesoftware.smackx.pubsub.form.ConfigureForm;
import org.jivesoftware.smackx.pubsub.form.FillableSubscribeForm;
import org.jivesoftware.smackx.pep.PepManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * Publish-subscribe (XEP-0060) at {@code pubsub.localhost} and the Personal Eventing Protocol (XEP-0163) on accounts,
 * as Smack clients use them. Each test names the section it checks. Waits are bounded; where a test shows that a
 * notification did NOT arrive, a ping round trip on the same session follows the notification that did arrive to
 * another recipient (one broadcast per event) before the queue is checked.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PubSubIT {
    static final DomainBareJid SERVICE = PubSubs.service(SharedServer.DOMAIN);
    static final String BOOKMARKS = "urn:xmpp:bookmarks:1";
    static final String DEVICELIST = "eu.siacs.conversations.axolotl.devicelist";

    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    @Tag("XEP-0060-5.1")
    @DisplayName("XEP-0060 §5.1, §5.2: the server lists pubsub.localhost, a pubsub/service with the pubsub features")
    void serviceIsDiscoverable() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        assertTrue(Muc.serverItems(alice).contains(SERVICE.toString()), "disco#items: " + Muc.serverItems(alice));
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(SERVICE);
        assertFalse(info.getIdentities("pubsub", "service").isEmpty(), info.toXML().toString());
        for (String f : List.of("create-nodes", "publish", "subscribe", "retract-items", "purge-nodes",
                "delete-nodes", "retrieve-items", "publish-options", "access-whitelist", "access-authorize")) {
            assertTrue(info.containsFeature(PubSubs.NS + "#" + f), f + " in " + info.toXML());
        }
    }

    @Test
    @Tag("XEP-0060-8.1.3")
    @DisplayName("XEP-0060 §8.1.3, §8.2, §8.5, §8.4: create with a form, reconfigure, purge and delete (subscribers told)")
    void nodeLifecycle() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        String id = PubSubs.newNode("life");
        LeafNode node = PubSubs.create(alice, id, f -> {
            f.setTitle("Release notes");
            f.setMaxItems(5);
        });
        ConfigureForm config = node.getNodeConfiguration();
        assertEquals("Release notes", config.readFirstValue("pubsub#title"));
        assertEquals(5, config.getMaxItems());

        var change = config.getFillableForm();
        change.setTitle("Release notes 2");
        change.setNotifyConfig(true);
        node.sendConfigurationForm(change);
        assertEquals("Release notes 2", node.getNodeConfiguration().readFirstValue("pubsub#title"), "§8.2.4: the new value is kept");

        LeafNode bobNode = PubSubs.manager(bob).getLeafNode(id);
        bobNode.subscribe(bob.getUser().asBareJid());
        try (PubSubs.Events events = new PubSubs.Events(bob, SERVICE)) {
            node.publish(item("a", "one"));
            node.publish(item("b", "two"));
            events.items(id);
            events.items(id);
            node.deleteAllItems();
            events.next("the purge event (§8.5.2)", m -> EventElement.from(m).getEventType() == EventElementType.purge);
            assertEquals(List.of(), node.getItems(), "no items after the purge");
            PubSubs.manager(alice).deleteNode(id);
            events.next("the delete event (§8.4.2)", m -> EventElement.from(m).getEventType() == EventElementType.delete);
        }
        XMPPErrorException gone = assertThrows(XMPPErrorException.class,
                () -> PubSubs.manager(bob).getLeafNode(id).getItems());
        assertEquals(Condition.item_not_found, gone.getStanzaError().getCondition());
    }

    @Test
    @Tag("XEP-0060-7.1")
    @DisplayName("XEP-0060 §7.1, §7.2: items keep their ids, a same id overwrites, a retraction is notified with the id")
    void publishAndRetract() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        String id = PubSubs.newNode("items");
        LeafNode node = PubSubs.create(alice, id, f -> {
            f.setMaxItems(10);
            f.setNotifyRetract(true);
        });
        PubSubs.manager(bob).getLeafNode(id).subscribe(bob.getUser().asBareJid());
        try (PubSubs.Events events = new PubSubs.Events(bob, SERVICE)) {
            node.publish(item("first", "v1"));
            assertEquals(List.of("first"), eventIds(events.items(id)));
            node.publish(item("second", "v1"));
            assertEquals(List.of("second"), eventIds(events.items(id)));
            node.publish(item("first", "v2"));
            assertEquals(List.of("first"), eventIds(events.items(id)));
            List<Item> items = node.getItems();
            assertEquals(Set.of("first", "second"), Set.copyOf(ids(items)), "same id overwrites (§7.1.2)");
            PayloadItem<?> first = (PayloadItem<?>) items.stream().filter(i -> i.getId().equals("first")).findFirst()
                    .orElseThrow();
            assertTrue(first.getPayload().toXML().toString().contains("v2"), first.toXML().toString());

            node.deleteItem("first");
            Message retract = events.items(id);
            assertEquals(List.of("first"), eventIds(retract));
            assertInstanceOf(RetractItem.class, ((ItemsExtension) EventElement.from(retract).getEvent()).getItems().get(0),
                    "§7.2.2.1: a <retract/>, not an item: " + retract.toXML());
            assertEquals(List.of("second"), ids(node.getItems()));
        }
    }

    @Test
    @Tag("XEP-0060-6.3")
    @DisplayName("XEP-0060 §6.1, §6.3, §6.2: subscribe with options (deliver off), read them back, unsubscribe")
    void subscribeWithOptionsAndUnsubscribe() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        XMPPTCPConnection carol = clients.newUser();
        String id = PubSubs.newNode("opts");
        LeafNode node = PubSubs.create(alice, id, f -> f.setMaxItems(10));
        BareJid bj = bob.getUser().asBareJid();
        LeafNode bobNode = PubSubs.manager(bob).getLeafNode(id);
        Subscription plain = bobNode.subscribe(bj);
        assertEquals(Subscription.State.subscribed, plain.getState());
        FillableSubscribeForm options = bobNode.getSubscriptionOptions(bj.toString()).getFillableForm();
        bobNode.unsubscribe(bj.toString());
        options.setDeliverOn(false);
        bobNode.subscribe(bj, options);
        assertFalse(bobNode.getSubscriptionOptions(bj.toString()).isDeliverOn(), "§6.3.2: the options are kept");
        PubSubs.manager(carol).getLeafNode(id).subscribe(carol.getUser().asBareJid());

        try (PubSubs.Events b = new PubSubs.Events(bob, SERVICE); PubSubs.Events c = new PubSubs.Events(carol, SERVICE)) {
            node.publish(item("n1", "x"));
            c.items(id);
            PingManager.getInstanceFor(bob).pingMyServer();
            assertEquals(List.of(), b.pending(), "pubsub#deliver=false: nothing for bob");

            bobNode.unsubscribe(bj.toString());
            assertTrue(PubSubs.manager(bob).getSubscriptions().stream().noneMatch(s -> id.equals(s.getNode())),
                    "§5.6: bob's subscriptions no longer list the node");
            node.publish(item("n2", "x"));
            c.items(id);
            PingManager.getInstanceFor(bob).pingMyServer();
            assertEquals(List.of(), b.pending(), "unsubscribed: nothing for bob");
        }
    }

    @Test
    @Tag("XEP-0060-8.9")
    @DisplayName("XEP-0060 §8.9, §8.8, §6.1.3.5: a whitelist refuses outsiders (closed-node); the owner admits and removes")
    void ownerManagesAffiliationsAndSubscriptions() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        String id = PubSubs.newNode("white");
        LeafNode node = PubSubs.create(alice, id, f -> f.setAccessModel(AccessModel.whitelist));
        BareJid bj = bob.getUser().asBareJid();
        XMPPErrorException refused = assertThrows(XMPPErrorException.class,
                () -> PubSubs.manager(bob).getLeafNode(id).subscribe(bj));
        assertEquals(Condition.not_allowed, refused.getStanzaError().getCondition());
        assertEquals("closed-node", pubsubCondition(refused));

        node.modifyAffiliationAsOwner(List.of(new Affiliation(bj, Affiliation.Type.member, Affiliation.AffiliationNamespace.owner)));
        assertTrue(node.getAffiliationsAsOwner().stream()
                .anyMatch(a -> bj.equals(a.getJid()) && a.getAffiliation() == Affiliation.Type.member),
                "§8.9.1: the member is listed");
        assertTrue(PubSubs.manager(bob).getAffiliations().stream()
                .anyMatch(a -> id.equals(a.getNode()) && a.getAffiliation() == Affiliation.Type.member),
                "§5.7: bob sees his own affiliation");
        PubSubs.manager(bob).getLeafNode(id).subscribe(bj);
        assertTrue(node.getSubscriptionsAsOwner().stream()
                .anyMatch(s -> bj.equals(s.getJid().asBareJid()) && s.getState() == Subscription.State.subscribed));

        try (PubSubs.Events events = new PubSubs.Events(bob, SERVICE)) {
            PubSubs.setSubscription(alice, id, bj, "none");
            events.next("§8.8.4: bob is told his subscription ended", m -> m.toXML().toString().contains("none"));
        }
        assertTrue(node.getSubscriptionsAsOwner().stream().noneMatch(s -> bj.equals(s.getJid().asBareJid())));
        node.modifyAffiliationAsOwner(List.of(new Affiliation(bj, Affiliation.Type.outcast, Affiliation.AffiliationNamespace.owner)));
        XMPPErrorException outcast = assertThrows(XMPPErrorException.class,
                () -> PubSubs.manager(bob).getLeafNode(id).getItems());
        assertEquals(Condition.forbidden, outcast.getStanzaError().getCondition(), "§6.1.3.8: an outcast is blocked");
    }

    @Test
    @Tag("XEP-0060-6.5.3")
    @DisplayName("XEP-0060 §4.5, §6.5.3: presence access admits contacts only (presence-subscription-required)")
    void presenceAccessModel() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        XMPPTCPConnection carol = clients.newUser();
        PubSubs.befriend(alice, bob);
        String id = PubSubs.newNode("presence");
        PubSubs.create(alice, id, f -> f.setAccessModel(AccessModel.presence)).publish(item("p", "hello"));
        assertEquals(List.of("p"), ids(PubSubs.manager(bob).getLeafNode(id).getItems()));
        XMPPErrorException e = assertThrows(XMPPErrorException.class,
                () -> PubSubs.manager(carol).getLeafNode(id).getItems());
        assertEquals(Condition.not_authorized, e.getStanzaError().getCondition());
        assertEquals("presence-subscription-required", pubsubCondition(e));
    }

    @Test
    @Tag("XEP-0060-6.5.3")
    @DisplayName("XEP-0060 §4.5, §6.1.3.3: roster access admits contacts in an allowed group only (not-in-roster-group)")
    void rosterAccessModel() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        XMPPTCPConnection carol = clients.newUser();
        PubSubs.befriend(alice, bob);
        PubSubs.befriend(alice, carol);
        Roster ra = Roster.getInstanceFor(alice);
        EntityBareJid bj = bob.getUser().asEntityBareJid();
        ra.createItem(bj, "bob", new String[] {"friends"});
        Clients.await("bob in group friends", () -> ra.getEntry(bj).getGroups().stream()
                .anyMatch(g -> g.getName().equals("friends")));
        String id = PubSubs.newNode("roster");
        PubSubs.create(alice, id, f -> {
            f.setAccessModel(AccessModel.roster);
            f.setRosterGroupsAllowed(List.of("friends"));
        }).publish(item("r", "for friends"));
        assertEquals(List.of("r"), ids(PubSubs.manager(bob).getLeafNode(id).getItems()));
        XMPPErrorException e = assertThrows(XMPPErrorException.class,
                () -> PubSubs.manager(carol).getLeafNode(id).subscribe(carol.getUser().asBareJid()));
        assertEquals(Condition.not_authorized, e.getStanzaError().getCondition());
        assertEquals("not-in-roster-group", pubsubCondition(e));
    }

    @Test
    @Tag("XEP-0060-6.1.5")
    @DisplayName("XEP-0060 §6.1.5, §8.6, §8.8.2: authorize makes a subscription pending until the owner approves")
    void authorizeAccessModel() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        BlockingQueue<Message> aliceInbox = new LinkedBlockingQueue<>();
        alice.addSyncStanzaListener(s -> aliceInbox.add((Message) s),
                s -> s instanceof Message && SERVICE.equals(s.getFrom()));
        String id = PubSubs.newNode("auth");
        LeafNode node = PubSubs.create(alice, id, f -> f.setAccessModel(AccessModel.authorize));
        node.publish(item("secret", "s"));
        BareJid bj = bob.getUser().asBareJid();
        LeafNode bobNode = PubSubs.manager(bob).getLeafNode(id);
        assertEquals(Subscription.State.pending, bobNode.subscribe(bj).getState());
        Message ask = Clients.poll(aliceInbox, "the authorization request (§8.6)");
        assertTrue(ask.toXML().toString().contains("pubsub#subscribe_authorization"), ask.toXML().toString());
        XMPPErrorException e = assertThrows(XMPPErrorException.class, bobNode::getItems);
        assertEquals(Condition.not_authorized, e.getStanzaError().getCondition());
        assertEquals("not-subscribed", pubsubCondition(e));

        PubSubs.setSubscription(alice, id, bj, "subscribed");
        assertEquals(List.of("secret"), ids(bobNode.getItems()), "approved: bob reads the items");
    }

    @Test
    @Tag("XEP-0060-6.5.7")
    @DisplayName("XEP-0060 §6.5.7, §6.5.8: items by max_items (the newest) and by ids")
    void itemRetrieval() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        String id = PubSubs.newNode("get");
        LeafNode node = PubSubs.create(alice, id, f -> f.setMaxItems(10));
        for (int i = 1; i <= 5; i++) {
            node.publish(item("i" + i, "item " + i));
        }
        LeafNode bobNode = PubSubs.manager(bob).getLeafNode(id);
        assertEquals(5, bobNode.getItems().size());
        assertEquals(Set.of("i4", "i5"), Set.copyOf(ids(bobNode.getItems(2))), "max_items=2: the two newest");
        List<Item> some = bobNode.getItems(List.of("i2", "i4"));
        assertEquals(Set.of("i2", "i4"), Set.copyOf(ids(some)));
        assertInstanceOf(PayloadItem.class, some.get(0), "items come with their payloads");
    }

    @Test
    @Tag("XEP-0060-7.1.2.1")
    @DisplayName("XEP-0060 §7.1.2.1, §7.1.2.2: notifications carry the payload, or only the id with deliver_payloads off")
    void notificationsWithAndWithoutPayload() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        String full = PubSubs.newNode("full");
        String light = PubSubs.newNode("light");
        LeafNode withPayload = PubSubs.create(alice, full, f -> { });
        LeafNode withoutPayload = PubSubs.create(alice, light, f -> f.setDeliverPayloads(false));
        PubSubs.manager(bob).getLeafNode(full).subscribe(bob.getUser().asBareJid());
        PubSubs.manager(bob).getLeafNode(light).subscribe(bob.getUser().asBareJid());
        try (PubSubs.Events events = new PubSubs.Events(bob, SERVICE)) {
            withPayload.publish(item("p1", "with body"));
            Message m1 = events.items(full);
            NamedItem first = NamedItem.of(m1);
            assertEquals("p1", first.id);
            assertTrue(first.xml.contains("with body"), "the payload is there: " + first.xml);

            withoutPayload.publish(item("p2", "not sent"));
            Message m2 = events.items(light);
            NamedItem second = NamedItem.of(m2);
            assertEquals("p2", second.id);
            assertFalse(second.xml.contains("not sent"), "only the id: " + second.xml);
        }
    }

    @Test
    @Tag("XEP-0060-6.1.7")
    @DisplayName("XEP-0060 §6.1.7: a new subscriber gets the last published item (delayed)")
    void lastPublishedItemOnSubscribe() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        String id = PubSubs.newNode("last");
        LeafNode node = PubSubs.create(alice, id, f -> f.setMaxItems(10));
        node.publish(item("old", "old"));
        node.publish(item("newest", "newest"));
        try (PubSubs.Events events = new PubSubs.Events(bob, SERVICE)) {
            PubSubs.manager(bob).getLeafNode(id).subscribe(bob.getUser().asBareJid());
            Message last = events.items(id);
            assertEquals(List.of("newest"), eventIds(last));
            assertNotNull(DelayInformation.from(last), "XEP-0203 delay on the last item: " + last.toXML());
        }
    }

    @Test
    @Tag("XEP-0163-4.3")
    @DisplayName("XEP-0163 §4.3.1, §6.1: a contact who comes online (mood+notify) gets the last mood; own resources too")
    void pepLastItemOnAvailablePresence() throws Exception {
        Clients.Account aliceAcc = clients.register();
        Clients.Account bobAcc = clients.register();
        XMPPTCPConnection alice = clients.login(aliceAcc);
        XMPPTCPConnection bob = clients.login(bobAcc);
        PubSubs.befriend(alice, bob);
        bob.disconnect();
        BlockingQueue<MoodElement> ownMoods = new LinkedBlockingQueue<>();
        loginWithMoodListener(aliceAcc, (from, mood, id, m) -> ownMoods.add(mood));
        MoodManager.getInstanceFor(alice).setMood(Mood.happy);
        assertEquals(Mood.happy, poll(ownMoods, "the mood at alice's other resource").getMood());

        BlockingQueue<MoodElement> moods = new LinkedBlockingQueue<>();
        EntityBareJid aj = alice.getUser().asEntityBareJid();
        loginWithMoodListener(bobAcc, (from, mood, id, m) -> {
            if (aj.equals(from)) {
                moods.add(mood);
            }
        });
        MoodElement last = poll(moods, "last mood of alice when bob comes online");
        assertEquals(Mood.happy, last.getMood());
    }

    @Test
    @Tag("XEP-0163-4")
    @DisplayName("XEP-0163 §4, XEP-0115: contacts get PEP notifications if their caps ask for node+notify, others not")
    void pepNotifyFollowsCaps() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        BlockingQueue<MoodElement> moods = new LinkedBlockingQueue<>();
        XMPPTCPConnection carol = loginWithMoodListener(clients.register(), (from, mood, id, m) -> moods.add(mood));
        XMPPTCPConnection dave = clients.newUser();
        PubSubs.befriend(alice, carol);
        PubSubs.befriend(alice, dave);
        try (PubSubs.Events daveEvents = new PubSubs.Events(dave, alice.getUser().asBareJid())) {
            MoodManager.getInstanceFor(alice).setMood(Mood.curious, "what is +notify?");
            MoodElement got = poll(moods, "carol's mood notification");
            assertEquals(Mood.curious, got.getMood());
            assertEquals("what is +notify?", got.getText());
            PingManager.getInstanceFor(dave).pingMyServer();
            assertEquals(List.of(), daveEvents.pending(), "dave's caps do not ask for mood+notify");
        }
    }

    @Test
    @Tag("XEP-0060-7.1.5")
    @DisplayName("XEP-0060 §7.1.5, XEP-0402 §3: bookmarks published with options (whitelist, max); a mismatch is precondition-not-met")
    void publishOptionsForBookmarks() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection bob = clients.newUser();
        PubSubs.befriend(alice, bob);
        Map<String, String> options = Map.of("pubsub#persist_items", "true", "pubsub#max_items", "max",
                "pubsub#send_last_published_item", "never", "pubsub#access_model", "whitelist");
        for (String room : List.of("a@conference.localhost", "b@conference.localhost", "c@conference.localhost")) {
            IQ ok = PubSubs.send(alice, null, IQ.Type.set,
                    PubSubs.publishWithOptions(BOOKMARKS, room, bookmark(room), options));
            assertEquals(IQ.Type.result, ok.getType());
        }
        LeafNode own = PepManager.getInstanceFor(alice).getPepPubSubManager().getLeafNode(BOOKMARKS);
        assertEquals(Set.of("a@conference.localhost", "b@conference.localhost", "c@conference.localhost"),
                Set.copyOf(ids(own.getItems())), "max_items=max keeps every bookmark");
        assertEquals(AccessModel.whitelist, own.getNodeConfiguration().getAccessModel());

        XMPPErrorException mismatch = assertThrows(XMPPErrorException.class, () -> PubSubs.send(alice, null,
                IQ.Type.set, PubSubs.publishWithOptions(BOOKMARKS, "d@conference.localhost",
                        bookmark("d@conference.localhost"), Map.of("pubsub#access_model", "presence"))));
        assertEquals(Condition.conflict, mismatch.getStanzaError().getCondition());
        assertEquals("precondition-not-met", pubsubCondition(mismatch));

        XMPPErrorException closed = assertThrows(XMPPErrorException.class, () -> PubSubManager
                .getInstanceFor(bob, alice.getUser().asBareJid()).getLeafNode(BOOKMARKS).getItems());
        assertEquals(Condition.not_allowed, closed.getStanzaError().getCondition(), "a contact cannot read bookmarks");
        assertEquals("closed-node", pubsubCondition(closed));
    }

    @Test
    @Tag("XEP-0060-7.1.5")
    @DisplayName("XEP-0060 §7.1.5, XEP-0384: an open OMEMO device list is readable by anyone, even a stranger")
    void publishOptionsForOmemoDeviceList() throws Exception {
        XMPPTCPConnection alice = clients.newUser();
        XMPPTCPConnection stranger = clients.newUser();
        StandardExtensionElement list = StandardExtensionElement.builder("list", DEVICELIST)
                .addElement(StandardExtensionElement.builder("device", DEVICELIST).addAttribute("id", "4711").build())
                .build();
        PubSubs.send(alice, null, IQ.Type.set, PubSubs.publishWithOptions(DEVICELIST, "current", list,
                Map.of("pubsub#access_model", "open")));
        List<Item> items = PubSubManager.getInstanceFor(stranger, alice.getUser().asBareJid())
                .getLeafNode(DEVICELIST).getItems();
        assertEquals(List.of("current"), ids(items));
        assertTrue(items.get(0).toXML().toString().contains("4711"), items.get(0).toXML().toString());
    }

    static StandardExtensionElement bookmark(String room) {
        return StandardExtensionElement.builder("conference", BOOKMARKS).addAttribute("name", room)
                .addAttribute("autojoin", "true").addElement("nick", "me").build();
    }

    private XMPPTCPConnection loginWithMoodListener(Clients.Account a,
            org.jivesoftware.smackx.pep.PepEventListener<MoodElement> listener) throws Exception {
        XMPPTCPConnection c = clients.connect(Clients.config(b -> b.setUsernameAndPassword(a.username, a.password)));
        MoodManager.getInstanceFor(c).addMoodListener(listener);
        Clients.awaitAnnounced(c, MoodElement.NAMESPACE + "+notify");
        c.login();
        return c;
    }

    private static <T> T poll(BlockingQueue<T> q, String what) throws InterruptedException {
        T t = q.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (t == null) {
            throw new AssertionError("no " + what + " within " + Clients.TIMEOUT_MILLIS + " ms");
        }
        return t;
    }

    /** The one item of an items event: its id and its XML. */
    private static final class NamedItem {
        final String id;
        final String xml;

        private NamedItem(String id, String xml) {
            this.id = id;
            this.xml = xml;
        }

        static NamedItem of(Message m) {
            ItemsExtension items = (ItemsExtension) EventElement.from(m).getEvent();
            assertEquals(1, items.getItems().size(), m.toXML().toString());
            Item i = (Item) items.getItems().get(0);
            return new NamedItem(i.getId(), i.toXML().toString());
        }
    }
}
