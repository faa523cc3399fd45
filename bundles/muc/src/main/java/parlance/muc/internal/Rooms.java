package parlance.muc.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import parlance.api.address.Jid;

/**
 * The rooms of one service, each with its own {@link SerialQueue}: every stanza for a room is processed on the
 * room's queue, in arrival order, so room state needs no locks. A slot without a room (an address nobody created,
 * or a room destroyed or expired, XEP-0045 §10.1.2 and §10.9) is dropped once no task is waiting for it: the count
 * of waiting tasks is raised under the map's lock, and the slot is removed under the same lock, so a stanza that
 * arrived while the slot was being dropped is never moved behind a later one on a new slot. While persistent
 * rooms are being loaded, new slots wait for the load.
 */
final class Rooms {
    /** A room's queue and, once created or loaded, the room. */
    static final class Slot {
        final String name;
        final SerialQueue queue;
        volatile Room room;
        /** Tasks submitted and not yet started; raised only inside {@code slots.compute}. */
        final AtomicInteger waiting = new AtomicInteger();

        Slot(String name, SerialQueue queue) {
            this.name = name;
            this.queue = queue;
        }
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Executor executor;
    private volatile CompletableFuture<Void> loaded = CompletableFuture.completedFuture(null);

    Rooms(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code task} on the room's queue. */
    void submit(String name, Consumer<Slot> task) {
        submitAsync(name, slot -> {
            task.accept(slot);
            return RoomFeature.DONE;
        });
    }

    /** Runs {@code task} on the room's queue; the room's next task waits for the stage it returns. */
    void submitAsync(String name, Function<Slot, CompletionStage<?>> task) {
        Slot slot = slots.compute(name, (n, s) -> {
            Slot current = s != null ? s : newSlot(n);
            current.waiting.incrementAndGet();
            return current;
        });
        slot.queue.submit(() -> run(slot, task));
    }

    private Slot slot(String name) {
        return slots.computeIfAbsent(name, this::newSlot);
    }

    private Slot newSlot(String name) {
        Slot s = new Slot(name, new SerialQueue(executor));
        CompletableFuture<Void> gate = loaded;
        if (!gate.isDone()) {
            s.queue.submit(() -> gate);
        }
        return s;
    }

    private CompletionStage<?> run(Slot slot, Function<Slot, CompletionStage<?>> task) {
        slot.waiting.decrementAndGet();
        CompletionStage<?> stage = RoomFeature.DONE;
        try {
            stage = task.apply(slot);
        } finally {
            CompletionStage<?> done = stage;
            if (done.toCompletableFuture().isDone()) {
                release(slot);
            } else {
                stage = done.whenComplete((r, e) -> release(slot));
            }
        }
        return stage;
    }

    /** After a task: a room that is gone leaves its slot, and the slot leaves the map unless a task waits. */
    private void release(Slot slot) {
        Room room = slot.room;
        if (room == null || room.destroyed) {
            slot.room = null;
            slots.computeIfPresent(slot.name,
                    (n, s) -> s == slot && s.room == null && s.waiting.get() == 0 ? null : s);
        }
    }

    /**
     * Starts a load: slots made until {@code done} completes wait for it. {@code done} installs the loaded rooms
     * with {@link #install} before it completes.
     */
    void loading(CompletableFuture<Void> done) {
        loaded = done;
    }

    /** Puts a loaded room in place unless a room of that name exists. */
    void install(Room room) {
        Slot slot = slot(room.name());
        if (slot.room == null) {
            slot.room = room;
        }
    }

    /** Every existing room; read their state only on their own queue. */
    List<Slot> all() {
        List<Slot> list = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.room != null) {
                list.add(s);
            }
        }
        return list;
    }

    Collection<Slot> slots() {
        return slots.values();
    }

    /** Rooms that {@code user} created and that still exist (XEP-0205 limit). */
    int createdBy(Jid user) {
        int n = 0;
        for (Slot s : slots.values()) {
            Room r = s.room;
            if (r != null && user.bare().equals(r.creator)) {
                n++;
            }
        }
        return n;
    }
}
