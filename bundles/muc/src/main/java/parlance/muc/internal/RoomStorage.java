package parlance.muc.internal;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;
import parlance.api.address.Jid;
import parlance.api.storage.RoomStore;
import parlance.api.storage.StoredRoom;

/**
 * Persistent rooms (XEP-0045 §10.2 {@code muc#roomconfig_persistentroom}) in the {@link RoomStore}: one XML document
 * per room ({@code <room xmlns='urn:parlance:muc:room:1'>} with the options, affiliations, registered nicknames,
 * subject and the occupant-id secret). Saves of one room are chained so the store sees them in order; a store that
 * is missing makes persistence a no-op (rooms then last until the service stops).
 */
final class RoomStorage implements RoomFeature {
    static final String NS = "urn:parlance:muc:room:1";
    private static final Logger LOG = LoggerFactory.getLogger(RoomStorage.class);
    private final Muc muc;

    RoomStorage(Muc muc) {
        this.muc = muc;
    }

    /** Saves a persistent room (after its queue's current task; order per room is kept). */
    void save(Room room) {
        RoomStore store = muc.roomStore();
        if (store == null || !room.config.persistent || room.destroyed || room.locked) {
            return;
        }
        StoredRoom stored = new StoredRoom(muc.service.domain(), room.name(), toXml(room).asXML());
        chain(room, () -> store.save(stored), "save");
    }

    void delete(Room room) {
        RoomStore store = muc.roomStore();
        if (store != null) {
            chain(room, () -> store.delete(muc.service.domain(), room.name()), "delete");
        }
    }

    @Override
    public void destroyed(Room room, boolean byOwner) {
        if (byOwner || room.config.persistent) {
            delete(room);
        }
    }

    /** The last pending write of a room. */
    private static final class Chain {
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
    }

    private void chain(Room room, java.util.function.Supplier<CompletionStage<?>> write, String what) {
        Chain chain = room.state(this, Chain::new);
        chain.last = chain.last.handle((r, e) -> null)
                .thenCompose(v -> write.get().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        LOG.warn("Could not {} room {}: {}", what, room.jid, e.toString());
                    }
                });
    }

    /** Every stored room of the service, rebuilt; rooms that cannot be read are logged and skipped. */
    CompletionStage<List<Room>> loadAll() {
        RoomStore store = muc.roomStore();
        if (store == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return store.rooms(muc.service.domain()).thenApply(list -> {
            List<Room> rooms = new ArrayList<>();
            for (StoredRoom s : list) {
                try {
                    rooms.add(fromXml(muc.roomJid(s.room()), parse(s.dataXml())));
                } catch (DocumentException | RuntimeException e) {
                    LOG.warn("Skipping stored room {}: {}", s, e.toString());
                }
            }
            return rooms;
        });
    }

    Element toXml(Room room) {
        Element doc = MucNs.element("room", NS);
        doc.addAttribute("secret", room.idSecret);
        room.config.values().forEach((k, v) -> doc.addElement("option", NS).addAttribute("var", k).setText(v));
        room.affiliations().forEach((jid, a) -> {
            Element e = doc.addElement("affiliation", NS).addAttribute("jid", jid.toString())
                    .addAttribute("value", a.xml());
            String nick = room.registeredNick(jid);
            if (nick != null) {
                e.addAttribute("nick", nick);
            }
        });
        Element subject = doc.addElement("subject", NS).addText(room.subject);
        if (room.subjectFrom != null) {
            subject.addAttribute("from", room.subjectFrom.toString());
        }
        if (room.subjectStamp != null) {
            subject.addAttribute("stamp", room.subjectStamp.toString());
        }
        return doc;
    }

    Room fromXml(Jid jid, Element doc) {
        RoomConfig config = new RoomConfig(muc.settings());
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (Element o : doc.elements(org.dom4j.QName.get("option", NS))) {
            options.put(o.attributeValue("var"), List.of(o.getText()));
        }
        config.apply(options, muc.settings());
        Room room = new Room(jid, config, doc.attributeValue("secret"));
        for (Element a : doc.elements(org.dom4j.QName.get("affiliation", NS))) {
            Jid user = Jid.ofPrepared(local(a.attributeValue("jid")), domain(a.attributeValue("jid")), null);
            room.setAffiliation(user, Affiliation.of(a.attributeValue("value")));
            if (a.attributeValue("nick") != null) {
                room.registerNick(user, a.attributeValue("nick"));
            }
        }
        Element subject = doc.element(org.dom4j.QName.get("subject", NS));
        if (subject != null) {
            room.subject = subject.getText();
            String from = subject.attributeValue("from");
            room.subjectFrom = from == null ? null
                    : Jid.ofPrepared(jid.local(), jid.domain(), from.substring(from.indexOf('/') + 1));
            String stamp = subject.attributeValue("stamp");
            room.subjectStamp = stamp == null ? null : Instant.parse(stamp);
        }
        return room;
    }

    private static String local(String bare) {
        int at = bare.indexOf('@');
        return at < 0 ? null : bare.substring(0, at);
    }

    private static String domain(String bare) {
        return bare.substring(bare.indexOf('@') + 1);
    }

    /** Parses stored XML with a hardened reader: no DOCTYPE, no external entities. */
    static Element parse(String xml) throws DocumentException {
        SAXReader reader = new SAXReader();
        try {
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            reader.setFeature("http://xml.org/sax/features/external-general-entities", false);
            reader.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        } catch (SAXException e) {
            throw new DocumentException("cannot harden the XML parser", e);
        }
        Document doc = reader.read(new StringReader(xml));
        return doc.getRootElement();
    }
}
