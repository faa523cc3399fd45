package parlance.stream.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.router.Router;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * What a session that ended still held (XEP-0198 §5 "the server SHOULD ... treat unacknowledged stanzas as
 * undelivered"; behaviour as Prosody's mod_smacks and ejabberd's mod_stream_mgmt): each chat or normal message with
 * a body is routed again to the account's bare address, with a {@code <delay/>} (XEP-0203) of when it was first
 * queued, after the session left the table, so the router hands it to another resource or to offline storage; an
 * IQ request is answered with {@code recipient-unavailable}; presence, IQ results, errors, headlines, groupchat and
 * body-less messages (chat states, receipts, carbons) are dropped.
 */
final class Unacked {
    private static final Logger LOG = LoggerFactory.getLogger(Unacked.class);

    private Unacked() {
    }

    static void reroute(List<SmQueue.Entry> entries, Jid owner, StreamServices services) {
        if (entries.isEmpty()) {
            return;
        }
        Router router = services.router();
        if (router == null) {
            LOG.warn("No router: {} undelivered stanzas of {} are dropped", entries.size(), owner);
            return;
        }
        for (SmQueue.Entry entry : entries) {
            try {
                Stanza again = redirect(entry, owner, services);
                if (again != null) {
                    router.route(again);
                }
            } catch (RuntimeException ex) {
                LOG.warn("Re-routing an undelivered stanza of {} failed", owner, ex);
            }
        }
    }

    /** The stanza to route for one undelivered entry, or {@code null} when it is dropped. */
    static Stanza redirect(SmQueue.Entry entry, Jid owner, StreamServices services) {
        Element e = entry.element();
        String type = e.attributeValue("type");
        Jid domain = Jid.ofPrepared(null, services.domain, null);
        Jid from = from(entry, services);
        if ("message".equals(e.getName())) {
            if ((type != null && !"chat".equals(type) && !"normal".equals(type)) || e.element("body") == null) {
                return null;
            }
            Jid bare = owner.bare();
            Element copy = e.createCopy();
            copy.addAttribute("to", bare.toString());
            if (from == null) {
                from = domain;
                copy.addAttribute("from", domain.toString());
            }
            if (copy.element(QName.get("delay", Namespaces.DELAY)) == null) {
                Element delay = copy.addElement(QName.get("delay", Namespaces.DELAY));
                delay.addAttribute("from", services.domain);
                delay.addAttribute("stamp", Instant.ofEpochMilli(entry.queuedMillis()).truncatedTo(ChronoUnit.MILLIS)
                        .toString());
            }
            return Stanza.of(copy, from, bare);
        }
        if ("iq".equals(e.getName()) && ("get".equals(type) || "set".equals(type)) && from != null
                && !from.equals(domain)) {
            return Stanzas.error(Stanza.of(e, from, owner), StanzaError.RECIPIENT_UNAVAILABLE, null);
        }
        return null;
    }

    private static Jid from(SmQueue.Entry entry, StreamServices services) {
        Object s = entry.stanza();
        Jid from = s instanceof Stanza ? ((Stanza) s).from() : ((Broadcast) s).from();
        if (from != null) {
            return from;
        }
        String text = entry.element().attributeValue("from");
        try {
            return text == null || services.preparer() == null ? null : services.preparer().parse(text);
        } catch (Exception ex) {
            return null;
        }
    }
}
