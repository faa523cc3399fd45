package parlance.blocking.internal;

import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;
import parlance.api.storage.RosterItem;
import parlance.api.storage.RosterStore;

/**
 * What contacts see when the blocklist changes (XEP-0191 §3.3): a contact subscribed to the user's presence who is
 * newly blocked gets unavailable presence from each of the user's available resources, so the user appears
 * offline; one who is unblocked gets each resource's current presence again (as ejabberd and MongooseIM do).
 */
@Component(service = BlockPresence.class)
public class BlockPresence {
    private static final Logger LOG = LoggerFactory.getLogger(BlockPresence.class);

    private final RosterStore rosters;
    private final SessionManager sessions;
    private final Router router;

    @Activate
    public BlockPresence(@Reference RosterStore rosters, @Reference SessionManager sessions,
            @Reference Router router) {
        this.rosters = rosters;
        this.sessions = sessions;
        this.router = router;
    }

    void changed(Jid account, Blocklist before, Blocklist after) {
        rosters.roster(account.local()).whenComplete((roster, e) -> {
            if (e != null) {
                LOG.warn("Blocklist of {}: roster unavailable, contacts not told: {}", account, e.toString());
                return;
            }
            for (RosterItem item : roster.items()) {
                if (!item.subscription().hasFrom()) {
                    continue;
                }
                boolean was = before.blocks(item.jid());
                boolean is = after.blocks(item.jid());
                if (was != is) {
                    send(account, item.jid(), is);
                }
            }
        });
    }

    private void send(Jid account, Jid contact, boolean blocked) {
        for (ClientSession session : sessions.sessions(account)) {
            Stanza current = session.presence();
            if (current == null || current.element().attributeValue("type") != null) {
                continue; // not available: the contact already sees it offline
            }
            Element p;
            if (blocked) {
                p = Stanzas.newElement(Stanza.Kind.PRESENCE);
                p.addAttribute("type", "unavailable");
            } else {
                p = current.element().createCopy(); // from and to are replaced below
            }
            p.addAttribute("from", session.jid().toString());
            p.addAttribute("to", contact.toString());
            router.route(Stanza.of(p, session.jid(), contact));
        }
    }
}
