package parlance.im.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.server.ServerInfo;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionListener;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.storage.RosterItem;

/**
 * Presence (RFC 6121 §4): initial presence (§4.2: probes to contacts the user is subscribed to, broadcast to
 * contacts subscribed to the user and to the user's own available resources, pending subscription requests and
 * offline messages delivered), subsequent presence (§4.4), unavailable presence explicit or on session end (§4.5,
 * also to every entity that got directed presence, §4.6), and probes from contacts (§4.3.2). For local contacts a
 * probe is answered from the session table, through the router.
 */
@Component(service = {Presences.class, SessionListener.class})
public class Presences implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Presences.class);

    private final Rosters rosters;
    private final SessionManager sessions;
    private final Router router;
    private final ServerInfo server;
    private final Offline offline;
    /** Entities each session sent directed available presence to (§4.6), to tell them when it goes away. */
    private final ConcurrentHashMap<ClientSession, Set<Jid>> directed = new ConcurrentHashMap<>();

    @Activate
    public Presences(@Reference Rosters rosters, @Reference SessionManager sessions, @Reference Router router,
            @Reference ServerInfo server, @Reference Offline offline) {
        this.rosters = rosters;
        this.sessions = sessions;
        this.router = router;
        this.server = server;
        this.offline = offline;
    }

    /** Presence without {@code to} from a local client: available or unavailable broadcast. */
    void broadcast(ClientSession origin, Stanza stanza) {
        String type = stanza.element().attributeValue("type");
        if (type == null) {
            available(origin, stanza);
        } else if ("unavailable".equals(type)) {
            boolean was = Xml.isAvailable(origin);
            origin.setPresence(stanza);
            goneUnavailable(origin, stanza, was);
        }
    }

    private void available(ClientSession origin, Stanza stanza) {
        boolean initial = !Xml.isAvailable(origin);
        Jid full = origin.jid();
        Jid user = full.bare();
        origin.setPresence(stanza);
        Stanza own = Xml.readdress(stanza, full, user);
        for (ClientSession session : sessions.sessions(user)) {
            if (Xml.isAvailable(session)) {
                session.deliver(own); // §4.2.2 and §4.4.2: every available resource, the sender included
            }
        }
        rosters.roster(user.local()).whenComplete((roster, error) -> {
            if (error != null) {
                LOG.warn("Presence of {}: roster unavailable: {}", full, error.toString());
                return;
            }
            for (RosterItem item : roster.items()) {
                if (item.subscription().hasFrom()) {
                    router.route(Xml.readdress(stanza, full, item.jid()));
                }
            }
            if (!initial) {
                return;
            }
            for (RosterItem item : roster.items()) {
                if (item.subscription().hasTo()) {
                    probe(origin, item.jid());
                }
                if (item.pendingIn()) { // §3.1.3: requests wait for the contact's next available presence
                    origin.deliver(Xml.presence("subscribe", item.jid(), user));
                }
            }
            if (Xml.priority(stanza) >= 0) {
                offline.flush(origin);
            }
        });
    }

    /**
     * §4.3.1. A remote contact gets a probe. A local contact's presence is answered here from the session table
     * (no roster read per contact at login), but routed rather than delivered, so that it passes the handlers of
     * a presence between the two accounts (XEP-0191: a contact who blocks the user reveals nothing).
     */
    private void probe(ClientSession origin, Jid contact) {
        if (!contact.domain().equals(server.domain())) {
            router.route(Xml.presence("probe", origin.jid().bare(), contact));
            return;
        }
        for (ClientSession session : sessions.sessions(contact)) {
            if (Xml.isAvailable(session)) {
                router.route(Xml.readdress(session.presence(), session.jid(), origin.jid()));
            }
        }
    }

    /** §4.3.2: a probe to a local account, answered only when the prober is subscribed to it. */
    void inboundProbe(Stanza probe) {
        Jid prober = probe.from();
        Jid contact = probe.to().bare();
        if (prober == null || contact.local() == null) {
            return;
        }
        rosters.roster(contact.local()).whenComplete((roster, error) -> {
            RosterItem item = roster == null ? null : Rosters.find(roster, prober.bare());
            if (item == null || !item.subscription().hasFrom()) {
                return; // not subscribed: presence is not revealed
            }
            boolean any = false;
            for (ClientSession session : sessions.sessions(contact)) {
                if (Xml.isAvailable(session)) {
                    router.route(Xml.readdress(session.presence(), session.jid(), prober));
                    any = true;
                }
            }
            if (!any) {
                router.route(Xml.presence("unavailable", contact, prober));
            }
        });
    }

    /** §4.6: directed presence a local client sends; remembered per session until it goes unavailable. */
    void directed(ClientSession origin, Stanza stanza) {
        String type = stanza.element().attributeValue("type");
        if (type == null) {
            directed.computeIfAbsent(origin, k -> ConcurrentHashMap.newKeySet()).add(stanza.to());
        } else if ("unavailable".equals(type)) {
            Set<Jid> targets = directed.get(origin);
            if (targets != null) {
                targets.remove(stanza.to());
            }
        }
    }

    @Override
    public void sessionClosed(ClientSession session) {
        boolean was = Xml.isAvailable(session);
        goneUnavailable(session, Xml.presence("unavailable", session.jid(), null), was);
    }

    /** §4.5.2: unavailable to the user's other resources, to contacts with from/both, and to directed targets. */
    private void goneUnavailable(ClientSession session, Stanza unavailable, boolean wasAvailable) {
        Set<Jid> targets = directed.remove(session);
        Jid full = session.jid();
        Jid user = full.bare();
        if (!wasAvailable) {
            sendTo(targets, unavailable, full, Set.of());
            return;
        }
        Stanza own = Xml.readdress(unavailable, full, user);
        for (ClientSession other : sessions.sessions(user)) {
            if (other != session && Xml.isAvailable(other)) {
                other.deliver(own);
            }
        }
        rosters.roster(user.local()).whenComplete((roster, error) -> {
            Set<Jid> sent = new HashSet<>();
            if (roster != null) {
                for (RosterItem item : roster.items()) {
                    if (item.subscription().hasFrom()) {
                        router.route(Xml.readdress(unavailable, full, item.jid()));
                        sent.add(item.jid());
                    }
                }
            }
            sendTo(targets, unavailable, full, sent);
        });
    }

    private void sendTo(Set<Jid> targets, Stanza unavailable, Jid full, Set<Jid> skip) {
        if (targets == null) {
            return;
        }
        for (Jid target : targets) {
            if (!skip.contains(target.bare())) {
                router.route(Xml.readdress(unavailable, full, target));
            }
        }
    }
}
