package parlance.api.storage;

import java.util.Objects;

/**
 * A stored MUC room: its service domain, its local name (the room's node, prepared) and its state as an XML
 * document that only the MUC service reads.
 *
 * @since 1.1
 */
public final class StoredRoom {
    private final String serviceDomain;
    private final String room;
    private final String dataXml;

    public StoredRoom(String serviceDomain, String room, String dataXml) {
        this.serviceDomain = Objects.requireNonNull(serviceDomain, "serviceDomain");
        this.room = Objects.requireNonNull(room, "room");
        this.dataXml = Objects.requireNonNull(dataXml, "dataXml");
    }

    public String serviceDomain() {
        return serviceDomain;
    }

    public String room() {
        return room;
    }

    public String dataXml() {
        return dataXml;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StoredRoom)) {
            return false;
        }
        StoredRoom r = (StoredRoom) o;
        return serviceDomain.equals(r.serviceDomain) && room.equals(r.room) && dataXml.equals(r.dataXml);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serviceDomain, room, dataXml);
    }

    @Override
    public String toString() {
        return "StoredRoom{" + room + "@" + serviceDomain + "}";
    }
}
