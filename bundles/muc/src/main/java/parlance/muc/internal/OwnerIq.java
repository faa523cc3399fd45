package parlance.muc.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * The {@code http://jabber.org/protocol/muc#owner} IQs (XEP-0045 §10): the configuration form (get), its
 * submission (instant room §10.1.2, reserved room §10.1.3, later changes §10.2 with the status codes of §10.2.1),
 * cancelling the initial configuration (the new room is destroyed), and destroying a room (§10.9).
 */
final class OwnerIq {
    private final Muc muc;
    private final Moderation moderation;
    private final Occupancy occupancy;
    private final RoomStorage storage;

    OwnerIq(Muc muc, Moderation moderation, Occupancy occupancy, RoomStorage storage) {
        this.muc = muc;
        this.moderation = moderation;
        this.occupancy = occupancy;
        this.storage = storage;
    }

    void handle(Room room, Stanza iq) {
        if (room.affiliation(iq.from()) != Affiliation.OWNER) {
            muc.error(iq, StanzaError.FORBIDDEN, "only owners may configure the room");
            return;
        }
        Element query = iq.payload();
        if ("get".equals(iq.type())) {
            Element reply = MucNs.element("query", MucNs.OWNER);
            reply.add(ConfigForm.of(room));
            muc.result(iq, reply);
            return;
        }
        Element destroy = query.element(QName.get("destroy", MucNs.OWNER));
        Element form = DataForms.find(query);
        if (destroy != null) {
            destroy(room, destroy);
            muc.result(iq, null);
        } else if (form != null && "cancel".equals(form.attributeValue("type"))) {
            if (room.locked) {
                destroy(room, null);
            }
            muc.result(iq, null);
        } else if (form != null && "submit".equals(form.attributeValue("type"))) {
            submit(room, iq, form);
        } else {
            muc.error(iq, StanzaError.BAD_REQUEST, "expected a data form or <destroy/>");
        }
    }

    private void submit(Room room, Stanza iq, Element form) {
        Map<String, List<String>> values = DataForms.values(form);
        String formType = DataForms.formType(form);
        if (formType != null && !MucNs.ROOMCONFIG.equals(formType)) {
            muc.error(iq, StanzaError.BAD_REQUEST, "unknown FORM_TYPE");
            return;
        }
        Set<Jid> owners;
        Set<Jid> admins;
        RoomConfig before = room.config.copy(muc.settings());
        try {
            owners = jids(values.get(ConfigForm.OWNERS));
            admins = jids(values.get(ConfigForm.ADMINS));
            if (owners != null && owners.isEmpty()) {
                muc.error(iq, StanzaError.CONFLICT, "a room needs an owner");
                return;
            }
            room.config.copy(muc.settings()).apply(values, muc.settings());
        } catch (IllegalArgumentException | JidFormatException e) {
            muc.error(iq, StanzaError.NOT_ACCEPTABLE, e.getMessage());
            return;
        }
        room.config.apply(values, muc.settings());
        boolean initial = room.locked;
        room.locked = false;
        Occupant actor = room.byReal(iq.from());
        if (admins != null) {
            replace(room, Affiliation.ADMIN, admins, actor);
        }
        if (owners != null) {
            replace(room, Affiliation.OWNER, owners, actor);
        }
        if (room.config.membersOnly && !before.membersOnly) {
            moderation.enforceMembersOnly(room);
        }
        if (!initial) {
            notifyChange(room, before);
        }
        if (before.persistent && !room.config.persistent) {
            storage.delete(room);
        }
        storage.save(room);
        muc.result(iq, null);
        occupancy.expireIfEmpty(room);
    }

    /** Makes {@code wanted} the exact list of an affiliation, by way of ordinary affiliation changes. */
    private void replace(Room room, Affiliation affiliation, Set<Jid> wanted, Occupant actor) {
        for (Jid jid : room.withAffiliation(affiliation)) {
            if (!wanted.contains(jid)) {
                moderation.setAffiliation(room, jid, Affiliation.NONE, actor, null);
            }
        }
        for (Jid jid : wanted) {
            if (room.affiliation(jid) != affiliation) {
                moderation.setAffiliation(room, jid, affiliation, actor, null);
            }
        }
    }

    /** XEP-0045 §10.2.1: a message with status 104 (and 170–173 for privacy changes) to every occupant. */
    private void notifyChange(Room room, RoomConfig before) {
        Element message = Stanzas.newElement(Stanza.Kind.MESSAGE);
        message.addAttribute("type", "groupchat");
        message.addAttribute("id", room.nextId());
        Element x = message.addElement("x", MucNs.USER);
        List<Integer> codes = new ArrayList<>(List.of(104));
        RoomConfig now = room.config;
        if (now.archived != before.archived) {
            codes.add(now.archived ? 170 : 171);
        }
        if (now.nonAnonymous() != before.nonAnonymous()) {
            codes.add(now.nonAnonymous() ? 172 : 173);
        }
        for (Integer code : codes) {
            x.addElement("status", MucNs.USER).addAttribute("code", code.toString());
        }
        muc.fanout.broadcast(message, room.jid, room.sessions());
    }

    /**
     * XEP-0045 §10.9: every occupant gets an unavailable presence carrying {@code <destroy/>} (alternate venue,
     * reason, password), then the room, its stored state and its archive go away.
     */
    void destroy(Room room, Element request) {
        Element destroy = MucNs.element("destroy", MucNs.USER);
        if (request != null) {
            String alternate = request.attributeValue("jid");
            if (alternate != null) {
                destroy.addAttribute("jid", alternate);
            }
            for (String name : List.of("reason", "password")) {
                String text = request.elementText(QName.get(name, request.getNamespaceURI()));
                if (text != null) {
                    destroy.addElement(name, MucNs.USER).setText(text);
                }
            }
        }
        for (Occupant o : room.occupants()) {
            room.remove(o);
            o.role = Role.NONE;
            new OccupantPresence(muc, room, o).unavailable().affiliation(Affiliation.NONE).destroy(destroy)
                    .toSelf();
        }
        room.destroyed = true;
        for (RoomFeature f : muc.features()) {
            f.destroyed(room, true);
        }
    }

    private Set<Jid> jids(List<String> values) throws JidFormatException {
        if (values == null) {
            return null;
        }
        Set<Jid> set = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                set.add(muc.preparer.parse(v.trim()).bare());
            }
        }
        return set;
    }
}
