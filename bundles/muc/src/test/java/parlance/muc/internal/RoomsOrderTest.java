package parlance.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import parlance.api.address.Jid;

/**
 * The room queue keeps arrival order (XEP-0045 §7: a user's presence to a room is handled in the order sent) across
 * the moment a room goes away: a stanza queued while the last task of a room that no longer exists is finishing
 * must not be overtaken by one that arrives after the slot was dropped.
 */
class RoomsOrderTest {
    /** An executor that runs what it was given only when asked, to interleave the steps deterministically. */
    private static final class StepExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        void runAll() {
            for (Runnable r; (r = tasks.poll()) != null;) {
                r.run();
            }
        }
    }

    @Test
    void stanzaQueuedWhileTheRoomIsDroppedIsNotOvertakenByALaterOne() {
        StepExecutor executor = new StepExecutor();
        Rooms rooms = new Rooms(executor);
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> lastWrite = new CompletableFuture<>();

        // the room's last task (e.g. the last occupant leaving while a store write is pending): no room is left
        rooms.submitAsync("r", slot -> lastWrite);
        executor.runAll();
        // the user's join arrives while that task is still running: it is queued on the same slot
        rooms.submit("r", slot -> order.add("join"));
        // the task ends; the slot has no room any more
        lastWrite.complete(null);
        // the same user's next stanza arrives
        rooms.submit("r", slot -> order.add("next"));
        executor.runAll();

        assertEquals(List.of("join", "next"), order);
    }

    @Test
    void aJoinQueuedBehindTheLastLeaveFindsTheRoomGoneAndCreatesANewOne() {
        StepExecutor executor = new StepExecutor();
        Rooms rooms = new Rooms(executor);
        List<Object> seen = new CopyOnWriteArrayList<>();
        Room old = new Room(Jid.ofPrepared("r", Harness.SERVICE, null), new RoomConfig(Settings.defaults()), "s");

        rooms.submit("r", slot -> slot.room = old);
        executor.runAll();
        rooms.submit("r", slot -> old.destroyed = true); // the last occupant left a temporary room
        rooms.submit("r", slot -> seen.add(slot.room == null ? "no room" : slot.room)); // the next join
        executor.runAll();

        assertEquals(List.of("no room"), seen);
        assertEquals(List.of(), rooms.all());
    }
}
