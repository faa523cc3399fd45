package parlance.muc.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;
import parlance.api.storage.ArchiveQuery;
import parlance.api.storage.ArchiveStore;
import parlance.api.storage.ArchivedMessage;

/**
 * Queries of a room's archive on the room's address (XEP-0313 0.7 urn:xmpp:mam:2: §4 query with the
 * {@code start}/{@code end}/{@code with} form fields, §5 results as forwarded messages then {@code <fin/>}; paging
 * by XEP-0059 result set management). Members-only rooms answer only members; the page size is capped.
 */
final class MamQuery {
    private final Muc muc;
    private final ArchiveFeature archive;

    MamQuery(Muc muc, ArchiveFeature archive) {
        this.muc = muc;
        this.archive = archive;
    }

    void handle(Room room, Stanza iq) {
        ArchiveStore store = muc.archiveStore();
        if (store == null || !archive.archives(room)) {
            muc.error(iq, StanzaError.SERVICE_UNAVAILABLE, "this room keeps no archive");
            return;
        }
        Affiliation affiliation = room.affiliation(iq.from());
        if (affiliation == Affiliation.OUTCAST
                || (room.config.membersOnly && !affiliation.atLeast(Affiliation.MEMBER))) {
            muc.error(iq, StanzaError.FORBIDDEN, "only members may read this archive");
            return;
        }
        if ("get".equals(iq.type())) {
            Element query = MucNs.element("query", MucNs.MAM);
            Element form = DataForms.form("form", MucNs.MAM);
            DataForms.field(form, "with", "jid-single", null);
            DataForms.field(form, "start", "text-single", null);
            DataForms.field(form, "end", "text-single", null);
            query.add(form);
            muc.result(iq, query);
            return;
        }
        ArchiveQuery query;
        try {
            query = parse(iq.payload());
        } catch (IllegalArgumentException e) {
            muc.error(iq, StanzaError.BAD_REQUEST, e.getMessage());
            return;
        }
        String queryId = iq.payload().attributeValue("queryid");
        Jid requester = iq.from();
        java.util.concurrent.CompletableFuture<parlance.api.storage.ArchivePage> pending;
        try {
            pending = store.query(room.jid.toString(), query).toCompletableFuture();
        } catch (RuntimeException e) {
            pending = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        pending.orTimeout(10, TimeUnit.SECONDS)
                .whenComplete((page, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        boolean unknown = cause instanceof NoSuchElementException
                                || cause instanceof IllegalArgumentException;
                        muc.error(iq, unknown ? StanzaError.ITEM_NOT_FOUND : StanzaError.INTERNAL_SERVER_ERROR,
                                null);
                        return;
                    }
                    for (ArchivedMessage m : page.messages()) {
                        send(room.jid, requester, queryId, m);
                    }
                    Element fin = MucNs.element("fin", MucNs.MAM);
                    if (page.complete()) {
                        fin.addAttribute("complete", "true");
                    }
                    Element set = fin.addElement("set", MucNs.RSM);
                    if (page.first() != null) {
                        set.addElement("first", MucNs.RSM).setText(page.first());
                        set.addElement("last", MucNs.RSM).setText(page.last());
                    }
                    set.addElement("count", MucNs.RSM).setText(Integer.toString(page.count()));
                    muc.result(iq, fin);
                });
    }

    private void send(Jid roomJid, Jid requester, String queryId, ArchivedMessage m) {
        Element original;
        try {
            original = RoomStorage.parse(m.stanzaXml());
        } catch (org.dom4j.DocumentException e) {
            return;
        }
        Element message = Stanzas.newElement(Stanza.Kind.MESSAGE);
        message.addAttribute("id", m.id());
        Element result = message.addElement("result", MucNs.MAM).addAttribute("id", m.id());
        if (queryId != null) {
            result.addAttribute("queryid", queryId);
        }
        Element forwarded = result.addElement("forwarded", MucNs.FORWARD);
        forwarded.addElement("delay", Namespaces.DELAY).addAttribute("stamp", m.timestamp().toString());
        original.detach();
        forwarded.add(original);
        muc.fanout.send(message, roomJid, requester);
    }

    private ArchiveQuery parse(Element query) {
        Instant start = null;
        Instant end = null;
        String with = null;
        Element form = DataForms.find(query);
        if (form != null) {
            Map<String, List<String>> values = DataForms.values(form);
            String type = DataForms.formType(form);
            if (type != null && !MucNs.MAM.equals(type)) {
                throw new IllegalArgumentException("unknown FORM_TYPE " + type);
            }
            start = instant(first(values, "start"));
            end = instant(first(values, "end"));
            with = first(values, "with");
        }
        int max = muc.settings().maxArchivePage();
        String after = null;
        String before = null;
        Element set = query.element(QName.get("set", MucNs.RSM));
        if (set != null) {
            String m = set.elementTextTrim(QName.get("max", MucNs.RSM));
            if (m != null) {
                try {
                    max = Math.min(max, Math.max(0, Integer.parseInt(m)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad max");
                }
            }
            after = set.elementTextTrim(QName.get("after", MucNs.RSM));
            Element b = set.element(QName.get("before", MucNs.RSM));
            before = b == null ? null : b.getTextTrim();
        }
        return new ArchiveQuery(start, end, with, after, before, max);
    }

    private static String first(Map<String, List<String>> values, String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).trim();
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad timestamp " + value);
        }
    }
}
