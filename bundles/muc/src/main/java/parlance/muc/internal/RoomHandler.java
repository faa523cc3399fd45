package parlance.muc.internal;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;

/**
 * Dispatches a stanza for {@code room@service[/nick]} on the room's queue: presence to the occupancy rules
 * (XEP-0045 §7.2–§7.7, §7.14), messages to groupchat, private messages, invitations and voice requests, IQs by
 * payload namespace (admin §8–§9, owner §10, disco §6, register §7.10, MAM XEP-0313, ping). A room that does not
 * exist, or is still locked for anyone but its owner (§10.1.1), answers {@code item-not-found}; an IQ in an unknown
 * namespace gets {@code service-unavailable} (RFC 6120 §8.4), a known one of the wrong type
 * {@code feature-not-implemented}.
 */
final class RoomHandler {
    private final Muc muc;
    private final Occupancy occupancy;
    private final Messages messages;
    private final Invitations invitations;
    private final VoiceRequests voice;
    private final AdminIq admin;
    private final OwnerIq owner;
    private final RoomDisco disco;
    private final MamQuery mam;
    private final NickRegistration registration;
    private final OccupantIq occupantIq;
    private final RoomStorage storage;

    RoomHandler(Muc muc, Rooms rooms) {
        this.muc = muc;
        RoomStorage storage = new RoomStorage(muc);
        this.occupancy = new Occupancy(muc, new Entry(muc, rooms));
        Moderation moderation = new Moderation(muc, occupancy, storage);
        SubjectFeature subject = new SubjectFeature(muc, storage);
        ArchiveFeature archive = new ArchiveFeature(muc);
        this.messages = new Messages(muc, subject);
        this.invitations = new Invitations(muc, moderation);
        this.voice = new VoiceRequests(muc, moderation);
        this.admin = new AdminIq(muc, moderation);
        this.owner = new OwnerIq(muc, moderation, occupancy, storage);
        this.disco = new RoomDisco(muc);
        this.mam = new MamQuery(muc, archive);
        this.registration = new NickRegistration(muc, storage);
        this.occupantIq = new OccupantIq(muc);
        muc.features(List.of(new OccupantIdFeature(), archive, new HistoryFeature(muc), subject, occupantIq,
                invitations, storage));
        this.storage = storage;
    }

    RoomStorage storage() {
        return storage;
    }

    CompletionStage<?> handle(Rooms.Slot slot, Stanza stanza) {
        Jid to = stanza.to();
        if (stanza.kind() == Stanza.Kind.PRESENCE) {
            if (to.resource() != null) {
                occupancy.presence(slot, stanza);
            } else if (stanza.element().attributeValue("type") == null) {
                muc.error(stanza, StanzaError.JID_MALFORMED, "a nickname is required");
            }
            return RoomFeature.DONE;
        }
        Room room = slot.room;
        boolean request = stanza.kind() == Stanza.Kind.MESSAGE ? !stanza.isError() : stanza.isIqRequest();
        if (room == null || room.destroyed
                || (room.locked && room.affiliation(stanza.from()) != Affiliation.OWNER)) {
            if (request) {
                muc.error(stanza, StanzaError.ITEM_NOT_FOUND, "no such room");
            }
            return RoomFeature.DONE;
        }
        if (stanza.kind() == Stanza.Kind.MESSAGE) {
            return message(room, stanza);
        }
        if (to.resource() != null) {
            occupantIq.handle(room, stanza);
        } else if (request) {
            iq(room, stanza);
        }
        return RoomFeature.DONE;
    }

    private CompletionStage<?> message(Room room, Stanza message) {
        if (message.to().resource() != null) {
            messages.privateMessage(room, message);
            return RoomFeature.DONE;
        }
        if (message.isError()) {
            return RoomFeature.DONE;
        }
        if ("groupchat".equals(message.type())) {
            return messages.groupchat(room, message);
        }
        Element userX = MucNs.child(message.element(), "x", MucNs.USER);
        if (userX != null && invitations.handle(room, message, userX)) {
            return RoomFeature.DONE;
        }
        Element form = DataForms.find(message.element());
        if (form != null && MucNs.REQUEST.equals(DataForms.formType(form))) {
            voice.handle(room, message, form);
            return RoomFeature.DONE;
        }
        muc.error(message, StanzaError.BAD_REQUEST, "messages to the room are of type groupchat");
        return RoomFeature.DONE;
    }

    private void iq(Room room, Stanza iq) {
        Element payload = iq.payload();
        if (payload == null) {
            muc.error(iq, StanzaError.BAD_REQUEST, null);
            return;
        }
        boolean get = "get".equals(iq.type());
        switch (payload.getNamespaceURI()) {
            case MucNs.ADMIN -> admin.handle(room, iq);
            case MucNs.OWNER -> owner.handle(room, iq);
            case MucNs.MAM -> mam.handle(room, iq);
            case Namespaces.REGISTER -> registration.handle(room, iq);
            case Namespaces.DISCO_INFO -> {
                if (get) {
                    disco.info(room, iq);
                } else {
                    muc.error(iq, StanzaError.FEATURE_NOT_IMPLEMENTED, null);
                }
            }
            case Namespaces.DISCO_ITEMS -> {
                if (get) {
                    disco.items(room, iq);
                } else {
                    muc.error(iq, StanzaError.FEATURE_NOT_IMPLEMENTED, null);
                }
            }
            case Namespaces.PING -> muc.result(iq, null);
            default -> muc.error(iq, StanzaError.SERVICE_UNAVAILABLE, null);
        }
    }

    /** XEP-0045 §15.6 status 332: the service is shutting down; every occupant is told it left. */
    void shutdown(Room room) {
        for (Occupant o : room.occupants()) {
            room.remove(o);
            o.role = Role.NONE;
            new OccupantPresence(muc, room, o).unavailable().codes(332).toSelf();
        }
    }
}
