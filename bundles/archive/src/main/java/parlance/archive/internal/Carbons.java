package parlance.archive.internal;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionListener;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;

/**
 * Message Carbons (XEP-0280, urn:xmpp:carbons:2): which sessions enabled them (§4, §5; a session starts disabled and
 * forgets the setting when it ends), which messages are eligible (§6), and the copies: a message one resource sends
 * goes as {@code <sent/>} to the account's other enabled resources (§7), a message delivered to the account goes as
 * {@code <received/>} to its enabled resources that did not get the message itself (§6: a message to the bare
 * address already delivered to every resource is not duplicated). Copies come from the account's bare address and
 * wrap the message in {@code <forwarded/>} (XEP-0297).
 */
@Component(service = {Carbons.class, SessionListener.class})
public class Carbons implements SessionListener {
    private final SessionManager sessions;
    private final Set<ClientSession> enabled = ConcurrentHashMap.newKeySet();

    @Activate
    public Carbons(@Reference SessionManager sessions) {
        this.sessions = sessions;
    }

    void enable(ClientSession session, boolean on) {
        if (on) {
            enabled.add(session);
        } else {
            enabled.remove(session);
        }
    }

    boolean isEnabled(ClientSession session) {
        return enabled.contains(session);
    }

    @Override
    public void sessionClosed(ClientSession session) {
        enabled.remove(session);
    }

    /**
     * XEP-0280 §6: chat messages, normal messages with a body, and messages carrying IM payloads (chat states,
     * receipts, markers, Jingle Message Initiation: XEP-0353 §3 relies on carbons so that an answer on one device
     * stops the others ringing) or a {@code <store/>} hint (XEP-0334 §4.4: a message worth archiving is worth
     * copying); never groupchat, headline or error (this server copies no errors), never a message marked
     * {@code <private/>} (§8) or hinted {@code no-copy} (XEP-0334 §4.1), never a carbon itself.
     */
    static boolean eligible(Stanza message) {
        Element el = message.element();
        if (el.element(QName.get("private", Ns.CARBONS)) != null || Stamps.hinted(message, "no-copy")
                || el.element(QName.get("sent", Ns.CARBONS)) != null
                || el.element(QName.get("received", Ns.CARBONS)) != null) {
            return false;
        }
        String type = message.type();
        if ("chat".equals(type)) {
            return true;
        }
        if (!"normal".equals(type)) {
            return false;
        }
        if (Stamps.hasBody(message) || Stamps.hinted(message, "store") || Stamps.jingleMessage(message)) {
            return true;
        }
        for (Element child : el.elements()) {
            String ns = child.getNamespaceURI();
            if (Ns.CHAT_STATES.equals(ns) || Ns.RECEIPTS.equals(ns) || Ns.MARKERS.equals(ns)) {
                return true;
            }
        }
        return false;
    }

    /** §7: copies a message {@code origin} sent to the account's other enabled resources. */
    void sent(ClientSession origin, Stanza message) {
        if (enabled.isEmpty() || !eligible(message)) {
            return;
        }
        Jid account = origin.jid().bare();
        for (ClientSession session : sessions.sessions(account)) {
            if (session != origin && enabled.contains(session)) {
                session.deliver(copy("sent", account, session.jid(), message));
            }
        }
    }

    /**
     * §6: copies a message delivered to {@code account} to its enabled resources that are not among
     * {@code recipients}. A message one resource sent to its own account (the router passes it by the outbound
     * side, so it gets no {@code <sent/>} copy) is copied to the other resources but not to its sender, which has it:
     * an older XEP-0353 client answers a call with {@code <accept/>} to its own bare address, and a resource that
     * does not get bare-address messages (negative priority) must still learn that it can stop ringing.
     */
    void received(Jid account, Stanza message, Collection<ClientSession> recipients) {
        if (enabled.isEmpty() || !eligible(message)) {
            return;
        }
        Jid sender = message.from() != null && account.equals(message.from().bare()) ? message.from() : null;
        for (ClientSession session : sessions.sessions(account)) {
            if (enabled.contains(session) && !recipients.contains(session) && !session.jid().equals(sender)) {
                session.deliver(copy("received", account, session.jid(), message));
            }
        }
    }

    /** {@code <message from='account' to='resource' type='...'><received|sent><forwarded>the message}. */
    private static Stanza copy(String direction, Jid account, Jid to, Stanza message) {
        Element wrapper = Stanzas.newElement(Stanza.Kind.MESSAGE);
        wrapper.addAttribute("from", account.toString());
        wrapper.addAttribute("to", to.toString());
        wrapper.addAttribute("type", message.type());
        wrapper.addElement(QName.get(direction, Ns.CARBONS)).addElement(QName.get("forwarded", Ns.FORWARD))
                .add(message.element().createCopy());
        return Stanza.of(wrapper, account, to);
    }
}
