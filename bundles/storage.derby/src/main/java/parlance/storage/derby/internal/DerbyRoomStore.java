package parlance.storage.derby.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.storage.RoomStore;
import parlance.api.storage.StoredRoom;

/**
 * Persistent MUC rooms (XEP-0045 §10.2): one opaque XML document per (service domain, room). Every call for one
 * service domain runs on that domain's stripe, so a save followed by a listing sees the save, and two saves of one
 * room are applied in the order they were made.
 */
@Component(service = RoomStore.class, property = DerbyUserStore.PROVIDER)
public final class DerbyRoomStore implements RoomStore {
    private final DerbyDatabase db;

    @Activate
    public DerbyRoomStore(@Reference(name = "database") DerbyDatabase db) {
        this.db = db;
    }

    @Override
    public CompletionStage<List<StoredRoom>> rooms(String serviceDomain) {
        return db.call(serviceDomain, c -> {
            List<StoredRoom> rooms = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT room, data FROM muc_rooms WHERE service_domain = ? ORDER BY room")) {
                ps.setString(1, serviceDomain);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rooms.add(new StoredRoom(serviceDomain, rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return rooms;
        });
    }

    @Override
    public CompletionStage<Void> save(StoredRoom room) {
        return db.call(room.serviceDomain(), c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE muc_rooms SET data = ? WHERE service_domain = ? AND room = ?")) {
                ps.setString(1, room.dataXml());
                ps.setString(2, room.serviceDomain());
                ps.setString(3, room.room());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO muc_rooms (service_domain, room, data) VALUES (?, ?, ?)")) {
                    ps.setString(1, room.serviceDomain());
                    ps.setString(2, room.room());
                    ps.setString(3, room.dataXml());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public CompletionStage<Boolean> delete(String serviceDomain, String room) {
        return db.call(serviceDomain, c -> delete(c, serviceDomain, room) > 0);
    }

    private static int delete(Connection c, String serviceDomain, String room) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM muc_rooms WHERE service_domain = ? AND room = ?")) {
            ps.setString(1, serviceDomain);
            ps.setString(2, room);
            return ps.executeUpdate();
        }
    }
}
