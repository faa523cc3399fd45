package parlance.muc.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.AddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.testkit.FakeSession;
import parlance.testkit.TestStanzas;

/**
 * A MUC service over fakes: sessions in a map, a router that records, in-memory stores, a settable clock and a
 * direct executor, so every stanza is processed before {@link #send} returns.
 */
final class Harness {
    static final String SERVICE = "conference.example.org";
    final Map<Jid, FakeSession> sessions = new ConcurrentHashMap<>();
    final List<Stanza> routed = new CopyOnWriteArrayList<>();
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    MemoryRoomStore roomStore = new MemoryRoomStore();
    MemoryArchiveStore archiveStore = new MemoryArchiveStore();
    final Muc muc;
    final Rooms rooms;
    final RoomHandler handler;
    final MucDispatcher dispatcher;

    Harness() {
        this(Settings.defaults(), new MemoryRoomStore(), new MemoryArchiveStore());
    }

    Harness(Settings settings, MemoryRoomStore roomStore, MemoryArchiveStore archiveStore) {
        this.roomStore = roomStore;
        this.archiveStore = archiveStore;
        Router router = new Router() {
            public void route(Stanza stanza) {
                routed.add(stanza);
            }

            public void receive(ClientSession origin, Stanza stanza) {
                routed.add(stanza);
            }
        };
        muc = new Muc(Jid.ofPrepared(null, SERVICE, null), settings, new Fanout(sessionManager(sessions), () -> router),
                preparer(), () -> this.roomStore, () -> this.archiveStore, clock::get);
        rooms = new Rooms(Runnable::run);
        handler = new RoomHandler(muc, rooms);
        dispatcher = new MucDispatcher(muc, rooms, handler);
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        rooms.loading(done);
        handler.storage().loadAll().thenAccept(list -> list.forEach(rooms::install));
        done.complete(null);
    }

    /** A connected user session. */
    FakeSession user(String fullJid) {
        FakeSession s = new FakeSession(fullJid);
        sessions.put(s.jid, s);
        return s;
    }

    void send(Stanza stanza) {
        dispatcher.receive(stanza, null);
    }

    /** Joins (or creates) a room with optional <x xmlns=muc/> children; returns the session. */
    Stanza joinPresence(FakeSession who, String occupantJid, boolean mucX) {
        Stanza p = TestStanzas.stanza("presence", who.jid.toString(), occupantJid, null);
        if (mucX) {
            p.element().addElement("x", MucNs.MUC);
        }
        return p;
    }

    void join(FakeSession who, String occupantJid) {
        send(joinPresence(who, occupantJid, true));
    }

    /** Creates an instant room owned by {@code owner} (XEP-0045 §10.1.2). */
    void createInstant(FakeSession owner, String occupantJid) {
        join(owner, occupantJid);
        Stanza iq = TestStanzas.iq(owner.jid.toString(), bare(occupantJid), "set", MucNs.OWNER, "query");
        iq.payload().add(DataForms.form("submit", null));
        send(iq);
    }

    /** Submits configuration values as the owner. */
    Stanza configure(FakeSession owner, String room, String... pairs) {
        Stanza iq = TestStanzas.iq(owner.jid.toString(), room, "set", MucNs.OWNER, "query");
        Element form = DataForms.form("submit", MucNs.ROOMCONFIG);
        for (int i = 0; i < pairs.length; i += 2) {
            DataForms.field(form, pairs[i], null, null, pairs[i + 1]);
        }
        iq.payload().add(form);
        send(iq);
        return owner.last();
    }

    Stanza groupchat(FakeSession from, String room, String body) {
        Stanza m = TestStanzas.message(from.jid.toString(), room, "groupchat", body);
        send(m);
        return m;
    }

    Stanza admin(FakeSession from, String room, String type, String... attrs) {
        Stanza iq = TestStanzas.iq(from.jid.toString(), room, type, MucNs.ADMIN, "query");
        Element item = iq.payload().addElement("item", MucNs.ADMIN);
        for (int i = 0; i < attrs.length; i += 2) {
            if ("reason".equals(attrs[i])) {
                item.addElement("reason", MucNs.ADMIN).setText(attrs[i + 1]);
            } else {
                item.addAttribute(attrs[i], attrs[i + 1]);
            }
        }
        send(iq);
        return from.last();
    }

    static String bare(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    /** Status codes of the muc#user x of a stanza. */
    static List<Integer> codes(Stanza s) {
        List<Integer> codes = new ArrayList<>();
        Element x = s.element().element(QName.get("x", MucNs.USER));
        if (x != null) {
            for (Element st : x.elements(QName.get("status", MucNs.USER))) {
                codes.add(Integer.parseInt(st.attributeValue("code")));
            }
        }
        return codes;
    }

    static Element item(Stanza s) {
        Element x = s.element().element(QName.get("x", MucNs.USER));
        return x == null ? null : x.element(QName.get("item", MucNs.USER));
    }

    /** Stanzas a session received of one kind, optionally of a type ("available" for none). */
    static List<Stanza> of(FakeSession s, String kind) {
        return s.delivered.stream().filter(x -> x.kind().elementName().equals(kind)).toList();
    }

    static List<Stanza> bodies(FakeSession s) {
        return s.delivered.stream().filter(x -> x.element().element("body") != null).toList();
    }

    /** A session manager over a map of fake sessions. */
    static SessionManager sessionManager(Map<Jid, FakeSession> sessions) {
        return new SessionManager() {
            public ClientSession session(Jid fullJid) {
                return sessions.get(fullJid);
            }

            public Collection<ClientSession> sessions(Jid bareJid) {
                return sessions.values().stream().filter(s -> s.jid.bare().equals(bareJid))
                        .map(s -> (ClientSession) s).toList();
            }

            public Collection<ClientSession> all() {
                return List.copyOf(sessions.values());
            }

            public int count() {
                return sessions.size();
            }

            public void register(ClientSession session) {
            }

            public void unregister(ClientSession session) {
            }
        };
    }

    static AddressPreparer preparer() {
        return new AddressPreparer() {
            public Jid parse(String text) throws JidFormatException {
                if (text == null || text.isEmpty() || text.startsWith("@")) {
                    throw new JidFormatException("bad: " + text);
                }
                return TestStanzas.jid(text.toLowerCase(java.util.Locale.ROOT));
            }

            public String prepareLocal(String local) {
                return local.toLowerCase(java.util.Locale.ROOT);
            }

            public String prepareResource(String resource) {
                return resource;
            }

            public String prepareDomain(String domain) {
                return domain.toLowerCase(java.util.Locale.ROOT);
            }

            public String preparePassword(String password) {
                return password;
            }
        };
    }
}
