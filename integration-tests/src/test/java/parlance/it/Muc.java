package parlance.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlElement;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * What the multi-user chat tests (XEP-0045) share: the service address, fresh room names, and {@link Watch}, the
 * stanzas one client receives from one room in arrival order, read with bounded waits.
 */
final class Muc {
    /** XEP-0421: the occupant identifier a room adds to every presence and message it sends. */
    static final QName OCCUPANT_ID = new QName("urn:xmpp:occupant-id:0", "occupant-id");

    private Muc() {
    }

    /** The MUC service of a server with domain {@code domain}: {@code conference.<domain>}. */
    static DomainBareJid service(String domain) {
        return JidCreate.domainBareFromOrThrowUnchecked("conference." + domain);
    }

    /** A room address nobody has used yet. */
    static EntityBareJid newRoom(String domain, String prefix) {
        return JidCreate.entityBareFromOrThrowUnchecked(
                prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + service(domain));
    }

    static Resourcepart nick(String nick) {
        return Resourcepart.fromOrThrowUnchecked(nick);
    }

    static EntityFullJid occupant(EntityBareJid room, String nick) {
        return JidCreate.entityFullFrom(room, nick(nick));
    }

    static MultiUserChat muc(XMPPConnection c, EntityBareJid room) {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
    }

    /** The muc#user status codes of a stanza (XEP-0045 §15.6.2); empty when it has none. */
    static Set<Integer> codes(Stanza s) {
        MUCUser x = MUCUser.from(s);
        return x == null ? Set.of() : x.getStatus().stream().map(MUCUser.Status::getCode).collect(Collectors.toSet());
    }

    /** The muc#user item of a presence (affiliation, role, nick...), or null. */
    static MUCItem item(Stanza s) {
        MUCUser x = MUCUser.from(s);
        return x == null ? null : x.getItem();
    }

    /** The XEP-0421 occupant identifier of a stanza, or null. */
    static String occupantId(Stanza s) {
        XmlElement e = s.getExtension(OCCUPANT_ID);
        return e instanceof StandardExtensionElement ? ((StandardExtensionElement) e).getAttributeValue("id") : null;
    }

    static int occupantIdCount(Stanza s) {
        return s.getExtensions(OCCUPANT_ID).size();
    }

    /** The condition of a stanza error thrown by Smack; fails the test for any other exception. */
    static StanzaError.Condition condition(Throwable t) {
        if (t instanceof XMPPException.XMPPErrorException) {
            return ((XMPPException.XMPPErrorException) t).getStanzaError().getCondition();
        }
        throw new AssertionError("expected a stanza error, got " + t, t);
    }

    /** The items of the server's disco#items (XEP-0030 §4): the hosted services. */
    static List<String> serverItems(XMPPConnection c) throws Exception {
        DiscoverItems items = ServiceDiscoveryManager.getInstanceFor(c).discoverItems(c.getXMPPServiceDomain());
        List<String> jids = new ArrayList<>();
        for (DiscoverItems.Item i : items.getItems()) {
            jids.add(i.getEntityID().toString());
        }
        return jids;
    }

    /** The stanzas of one kind that a connection receives from a room (bare or occupant address), in order. */
    static final class Watch<T extends Stanza> implements AutoCloseable {
        private final XMPPConnection connection;
        private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
        private final List<T> seen = new ArrayList<>();
        private final StanzaListener listener;

        private Watch(XMPPConnection connection, EntityBareJid room, Class<T> kind) {
            this.connection = connection;
            this.listener = s -> queue.add(kind.cast(s));
            // a synchronous listener: Smack calls it in arrival order
            connection.addSyncStanzaListener(listener,
                    new AndFilter(FromMatchesFilter.createBare(room), new StanzaTypeFilter(kind)));
        }

        static Watch<Presence> presences(XMPPConnection c, EntityBareJid room) {
            return new Watch<>(c, room, Presence.class);
        }

        static Watch<Message> messages(XMPPConnection c, EntityBareJid room) {
            return new Watch<>(c, room, Message.class);
        }

        /** The next stanza that matches, skipping the others; fails after {@link Clients#TIMEOUT_MILLIS}. */
        T next(String what, Predicate<T> match) throws InterruptedException {
            return next(what, match, Clients.TIMEOUT_MILLIS);
        }

        T next(String what, Predicate<T> match, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            for (long left = timeoutMillis; left > 0; left = deadline - System.currentTimeMillis()) {
                T t = queue.poll(left, TimeUnit.MILLISECONDS);
                if (t == null) {
                    break;
                }
                seen.add(t);
                if (match.test(t)) {
                    return t;
                }
            }
            throw new AssertionError("no " + what + " within " + timeoutMillis + " ms; received meanwhile:\n"
                    + seen.stream().map(s -> s.toXML().toString()).collect(Collectors.joining("\n")));
        }

        /** Every stanza received and not yet read, without waiting. */
        List<T> drain() {
            List<T> rest = new ArrayList<>();
            queue.drainTo(rest);
            seen.addAll(rest);
            return rest;
        }

        /** Every stanza up to and including the first that matches {@code last}. */
        List<T> until(String what, Predicate<T> last) throws InterruptedException {
            int from = seen.size();
            next(what, last);
            return new ArrayList<>(seen.subList(from, seen.size()));
        }

        @Override
        public void close() {
            connection.removeSyncStanzaListener(listener);
        }
    }
}
