package parlance.muc.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * Stanzas to the service's own address (XEP-0045 §6.1 service discovery, §6.3 the public room list), ping
 * (XEP-0199); any other IQ request gets {@code service-unavailable} (RFC 6120 §8.4), messages get an error and
 * presence is ignored.
 */
final class ServiceIq {
    private final Muc muc;
    private final Rooms rooms;

    ServiceIq(Muc muc, Rooms rooms) {
        this.muc = muc;
        this.rooms = rooms;
    }

    void receive(Stanza stanza) {
        if (stanza.kind() == Stanza.Kind.MESSAGE) {
            muc.error(stanza, StanzaError.SERVICE_UNAVAILABLE, null);
            return;
        }
        if (!stanza.isIqRequest() || stanza.payload() == null) {
            if (stanza.isIqRequest()) {
                muc.error(stanza, StanzaError.BAD_REQUEST, null);
            }
            return;
        }
        String ns = stanza.payload().getNamespaceURI();
        boolean get = "get".equals(stanza.type());
        if (get && Namespaces.DISCO_INFO.equals(ns)) {
            info(stanza);
        } else if (get && Namespaces.DISCO_ITEMS.equals(ns)) {
            items(stanza);
        } else if (get && Namespaces.PING.equals(ns)) {
            muc.result(stanza, null);
        } else {
            muc.error(stanza, StanzaError.SERVICE_UNAVAILABLE, null);
        }
    }

    /** XEP-0045 §6.1: identity conference/text and the MUC feature. */
    private void info(Stanza iq) {
        if (iq.payload().attributeValue("node") != null) {
            muc.error(iq, StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        Element query = MucNs.element("query", Namespaces.DISCO_INFO);
        query.addElement("identity", Namespaces.DISCO_INFO).addAttribute("category", "conference")
                .addAttribute("type", "text").addAttribute("name", muc.settings().name());
        for (String f : List.of(MucNs.MUC, Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Namespaces.PING,
                MucNs.STABLE_ID, MucNs.OCCUPANT_ID, MucNs.SELF_PING)) {
            query.addElement("feature", Namespaces.DISCO_INFO).addAttribute("var", f);
        }
        muc.result(iq, query);
    }

    /**
     * XEP-0045 §6.3: public, unlocked rooms with their names. Each room is read on its own queue; the answer goes
     * out when all have answered.
     */
    private void items(Stanza iq) {
        if (iq.payload().attributeValue("node") != null) {
            muc.error(iq, StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        List<CompletableFuture<String[]>> answers = new ArrayList<>();
        for (Rooms.Slot slot : rooms.all()) {
            CompletableFuture<String[]> answer = new CompletableFuture<>();
            answers.add(answer);
            rooms.submit(slot.name, s -> {
                Room r = s.room;
                boolean listed = r != null && !r.destroyed && !r.locked && r.config.isPublic;
                answer.complete(listed ? new String[] {r.jid.toString(),
                    r.config.name.isEmpty() ? r.name() : r.config.name} : null);
            });
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.SECONDS)
                .whenComplete((v, e) -> {
                    Element query = MucNs.element("query", Namespaces.DISCO_ITEMS);
                    answers.stream().map(a -> a.getNow(null)).filter(a -> a != null)
                            .sorted(Comparator.comparing(a -> a[0])).forEach(a -> query
                                    .addElement("item", Namespaces.DISCO_ITEMS).addAttribute("jid", a[0])
                                    .addAttribute("name", a[1]));
                    muc.result(iq, query);
                });
    }
}
