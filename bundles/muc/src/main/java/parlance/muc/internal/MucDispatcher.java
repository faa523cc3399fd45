package parlance.muc.internal;

import parlance.api.address.Jid;
import parlance.api.router.HostedService;
import parlance.api.router.Router;
import parlance.api.stanza.Stanza;

/**
 * The service's entry point from the router: stanzas to the service domain itself are answered at once, stanzas
 * to a room or occupant are queued on the room (XEP-0045 §4.1 room addressing). Never blocks.
 */
final class MucDispatcher implements HostedService {
    private final ServiceIq service;
    private final Rooms rooms;
    private final RoomHandler handler;

    MucDispatcher(Muc muc, Rooms rooms, RoomHandler handler) {
        this.service = new ServiceIq(muc, rooms);
        this.rooms = rooms;
        this.handler = handler;
    }

    @Override
    public void receive(Stanza stanza, Router router) {
        Jid to = stanza.to();
        if (to == null || stanza.from() == null) {
            return;
        }
        if (to.local() == null) {
            service.receive(stanza);
        } else {
            rooms.submitAsync(to.local(), slot -> handler.handle(slot, stanza));
        }
    }
}
