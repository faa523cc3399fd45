package parlance.muc.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import parlance.api.storage.RoomStore;
import parlance.api.storage.StoredRoom;

/** An in-memory {@link RoomStore}. */
final class MemoryRoomStore implements RoomStore {
    final Map<String, StoredRoom> rooms = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<List<StoredRoom>> rooms(String serviceDomain) {
        return CompletableFuture.completedFuture(
                rooms.values().stream().filter(r -> r.serviceDomain().equals(serviceDomain)).toList());
    }

    @Override
    public CompletionStage<Void> save(StoredRoom room) {
        rooms.put(room.serviceDomain() + "/" + room.room(), room);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> delete(String serviceDomain, String room) {
        return CompletableFuture.completedFuture(rooms.remove(serviceDomain + "/" + room) != null);
    }
}
