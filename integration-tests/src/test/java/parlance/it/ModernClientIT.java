package parlance.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.BookmarkedConference;
import org.jivesoftware.smackx.csi.ClientStateIndicationManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * What a modern mobile or desktop client relies on, end to end with Smack against the packaged server: client state
 * indication (XEP-0352), user avatars over PEP (XEP-0084), bookmarks unified between XEP-0048 and XEP-0402, and
 * push notifications (XEP-0357) for a session stream management holds (XEP-0198).
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModernClientIT {
    private static final String AVATAR_DATA = "urn:xmpp:avatar:data";
    private static final String AVATAR_METADATA = "urn:xmpp:avatar:metadata";
    private static final String BOOKMARKS = "urn:xmpp:bookmarks:1";
    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static Presence status(XMPPTCPConnection c, String text) throws Exception {
        Presence p = c.getStanzaFactory().buildPresenceStanza().setStatus(text).setMode(Presence.Mode.away).build();
        c.sendStanza(p);
        return p;
    }

    private static void chat(XMPPTCPConnection from, org.jxmpp.jid.Jid to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body)
                .build());
    }

    /** The statuses of the presences {@code c} receives from {@code from}'s account, in arrival order. */
    private static BlockingQueue<String> statuses(XMPPTCPConnection c, BareJid from) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> q.add(String.valueOf(((Presence) s).getStatus())),
                s -> s instanceof Presence && s.getFrom() != null && s.getFrom().asBareJid().equals(from)
                        && ((Presence) s).getType() == Presence.Type.available);
        return q;
    }

    @Test
    @Tag("XEP-0352-3")
    @DisplayName("XEP-0352 §3: an inactive client gets only the latest presence update, on activation; messages at once")
    void clientStateIndication() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        XMPPTCPConnection b = clients.newUser();
        PubSubs.befriend(a, b);
        assertTrue(ClientStateIndicationManager.isSupported(b));
        BlockingQueue<String> seen = statuses(b, a.getUser().asBareJid());
        BlockingQueue<Message> inbox = Clients.inbox(b);
        PingManager.getInstanceFor(b).pingMyServer();
        seen.clear();

        ClientStateIndicationManager.inactive(b);
        PingManager.getInstanceFor(b).pingMyServer(); // the server read <inactive/> before A's updates
        status(a, "one");
        status(a, "two");
        PingManager.getInstanceFor(a).pingMyServer();
        Thread.sleep(500); // long enough for the updates to have arrived, had they not been held
        assertEquals(List.of(), new ArrayList<>(seen), "presence updates wait while B is inactive");

        ClientStateIndicationManager.active(b);
        assertEquals("two", seen.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS), "the latest update only");

        ClientStateIndicationManager.inactive(b);
        PingManager.getInstanceFor(b).pingMyServer();
        status(a, "three");
        chat(a, b.getUser().asBareJid(), "important");
        Message m = Clients.poll(inbox, "a chat message while inactive");
        assertEquals("important", m.getBody());
        assertEquals("three", seen.poll(), "what waited went out before the message, in order");
        assertTrue(seen.isEmpty(), "no presence twice: " + seen);
    }

    @Test
    @Tag("XEP-0084-4")
    @DisplayName("XEP-0084 §4: data then metadata published; a contact with metadata+notify fetches identical bytes")
    void userAvatar() throws Exception {
        XMPPTCPConnection a = clients.newUser();
        Clients.Account bobAcc = clients.register();
        XMPPTCPConnection b = clients.connect(Clients.config(c -> c.setUsernameAndPassword(bobAcc.username,
                bobAcc.password)));
        ServiceDiscoveryManager.getInstanceFor(b).addFeature(AVATAR_METADATA + "+notify");
        Clients.awaitAnnounced(b, AVATAR_METADATA + "+notify");
        b.login();
        PubSubs.befriend(a, b);
        BareJid aj = a.getUser().asBareJid();

        byte[] image = new byte[3000];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31 + 7);
        }
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(image));
        try (PubSubs.Events events = new PubSubs.Events(b, aj)) {
            PepManager pep = PepManager.getInstanceFor(a);
            pep.publish(AVATAR_DATA, new PayloadItem<>(id, StandardExtensionElement.builder("data", AVATAR_DATA)
                    .setText(Base64.getEncoder().encodeToString(image)).build()));
            pep.publish(AVATAR_METADATA, new PayloadItem<>(id, StandardExtensionElement.builder("metadata",
                    AVATAR_METADATA).addElement(StandardExtensionElement.builder("info", AVATAR_METADATA)
                    .addAttribute("id", id).addAttribute("bytes", Integer.toString(image.length))
                    .addAttribute("type", "image/png").build()).build()));

            Message note = events.items(AVATAR_METADATA);
            assertEquals(List.of(id), PubSubs.eventIds(note));
            assertTrue(note.toXML().toString().contains("bytes='3000'")
                    || note.toXML().toString().contains("bytes=\"3000\""), note.toXML().toString());
            PingManager.getInstanceFor(b).pingMyServer();
            assertTrue(events.pending().stream().noneMatch(e -> AVATAR_DATA.equals(PubSubs.eventNode(e))),
                    "no data notifications: B did not ask for them");
        }
        IQ items = PubSubs.send(b, aj, IQ.Type.get, StandardExtensionElement.builder("pubsub", PubSubs.NS)
                .addElement(StandardExtensionElement.builder("items", PubSubs.NS).addAttribute("node", AVATAR_DATA)
                        .addElement(StandardExtensionElement.builder("item", PubSubs.NS).addAttribute("id", id)
                                .build()).build()).build());
        Matcher data = Pattern.compile("<data[^>]*>([^<]+)</data>").matcher(items.toXML().toString());
        assertTrue(data.find(), items.toXML().toString());
        assertArrayEquals(image, Base64.getDecoder().decode(data.group(1).trim()));
    }

    private static StandardExtensionElement conference(String name, String nick) {
        return StandardExtensionElement.builder("conference", BOOKMARKS).addAttribute("name", name)
                .addAttribute("autojoin", "true").addElement("nick", nick).build();
    }

    /** The XEP-0402 items of the account (raw PEP query), as XML. */
    private static String pepBookmarks(XMPPTCPConnection c) throws Exception {
        return PubSubs.send(c, c.getUser().asBareJid(), IQ.Type.get, StandardExtensionElement.builder("pubsub",
                PubSubs.NS).addElement(StandardExtensionElement.builder("items", PubSubs.NS)
                .addAttribute("node", BOOKMARKS).build()).build()).toXML().toString();
    }

    @Test
    @Tag("XEP-0402-5.3")
    @DisplayName("XEP-0402 §5.3: XEP-0048 bookmarks in private XML (Smack BookmarkManager) and XEP-0402 PEP are one list")
    void bookmarksCompat() throws Exception {
        Clients.Account alice = clients.register();
        XMPPTCPConnection legacy = clients.login(alice, "legacy");
        XMPPTCPConnection modern = clients.login(alice, "modern");
        assertTrue(ServiceDiscoveryManager.getInstanceFor(modern).discoverInfo(modern.getUser().asBareJid())
                .containsFeature(BOOKMARKS + "#compat"), "the account announces the unification");
        EntityBareJid council = JidCreate.entityBareFrom("council@conference.localhost");
        EntityBareJid coven = JidCreate.entityBareFrom("coven@conference.localhost");

        BookmarkManager.getBookmarkManager(legacy).addBookmarkedConference("Council", council, true,
                Resourcepart.from("Puck"), null);
        String items = pepBookmarks(modern);
        assertTrue(items.contains("id='" + council + "'") || items.contains("id=\"" + council + "\""), items);
        assertTrue(items.contains("Council") && items.contains("Puck"), items);

        IQ published = PubSubs.send(modern, modern.getUser().asBareJid(), IQ.Type.set,
                PubSubs.publishWithOptions(BOOKMARKS, coven.toString(), conference("Coven", "Hecate"),
                        Map.of("pubsub#persist_items", "true", "pubsub#max_items", "max",
                                "pubsub#send_last_published_item", "never", "pubsub#access_model", "whitelist")));
        assertEquals(IQ.Type.result, published.getType());

        // a fresh connection: BookmarkManager caches what it read once
        XMPPTCPConnection legacy2 = clients.login(alice, "legacy2");
        BookmarkManager manager = BookmarkManager.getBookmarkManager(legacy2);
        List<BookmarkedConference> read = manager.getBookmarkedConferences();
        assertEquals(List.of(council, coven), read.stream().map(BookmarkedConference::getJid).toList());
        BookmarkedConference hecate = read.get(1);
        assertEquals("Coven", hecate.getName());
        assertEquals("Hecate", hecate.getNickname().toString());
        assertTrue(hecate.isAutoJoin());

        manager.removeBookmarkedConference(council);
        items = pepBookmarks(modern);
        assertFalse(items.contains(council.toString()), "removed through private XML: retracted: " + items);
        assertTrue(items.contains(coven.toString()), items);
    }

    @Test
    @Tag("XEP-0357-7")
    @DisplayName("XEP-0357 §7, XEP-0198 §5: a message for a session held for resumption is pushed, then resumed once")
    void pushForHeldSession() throws Exception {
        Clients.Account juliet = clients.register();
        XMPPTCPConnection romeo = clients.newUser();
        XMPPTCPConnection appServer = clients.newUser();
        BlockingQueue<String> publishes = new LinkedBlockingQueue<>();
        appServer.registerIQRequestHandler(new AbstractIqRequestHandler("pubsub", PubSubs.NS, IQ.Type.set,
                IQRequestHandler.Mode.sync) {
            @Override
            public IQ handleIQRequest(IQ request) {
                publishes.add(request.toXML().toString());
                return IQ.createResultIQ(request);
            }
        });

        String id;
        try (RawClient first = RawClient.loggedIn(juliet, null)) {
            first.send("<iq type='set' id='push1'><enable xmlns='urn:xmpp:push:0' jid='" + appServer.getUser()
                    + "' node='held-node'/></iq>");
            String enabled = first.readUntil("push1", 5000);
            assertTrue(enabled.contains("type='result'") || enabled.contains("type=\"result\""), enabled);
            first.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/><presence/>");
            String sm = first.readUntil("<presence", 5000);
            Matcher m = Pattern.compile("<enabled[^>]*\\sid=['\"]([^'\"]+)['\"]").matcher(sm);
            assertTrue(m.find(), sm);
            id = m.group(1);
            first.socket().setSoLinger(true, 0); // close() now cuts the TCP connection hard (RST)
        }
        Thread.sleep(500); // the server notices the reset and holds the session
        assertTrue(publishes.isEmpty(), "nothing pushed yet: " + publishes);

        chat(romeo, JidCreate.entityBareFrom(juliet.jid()), "while you sleep");
        String publish = publishes.poll(Clients.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertNotNull(publish, "the app server got no push for the held session");
        assertTrue(publish.contains("held-node") && publish.contains("urn:xmpp:push:summary")
                && publish.contains(romeo.getUser().toString()), publish);

        try (RawClient second = RawClient.connect()) {
            second.startTls();
            assertTrue(second.plain(juliet.username, juliet.password).contains("<success"));
            second.open();
            second.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");
            String resumed = second.readUntil("while you sleep", 5000);
            assertTrue(resumed.contains("<resumed"), resumed);
            second.send("<r xmlns='urn:xmpp:sm:3'/>");
            String all = second.readUntil("<a ", 2000);
            assertEquals(1, all.split("while you sleep", -1).length - 1, "the message arrives exactly once: " + all);
        }
        assertTrue(publishes.isEmpty(), "one push only: " + publishes);
        assertFalse(publish.contains("while you sleep"), "no body unless the registration asks for it");
    }
}
