package parlance.router.internal;

import parlance.testkit.FakeSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import parlance.api.session.BindException;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionListener;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.StreamError;

/** The session table: lookups, listeners, the conflict policy of RFC 6120 §7.7.2.2 and the resource limit. */
class SessionTableTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final SessionListener recorder = new SessionListener() {
        @Override
        public void sessionBound(ClientSession s) {
            events.add("bound " + s.jid());
        }

        @Override
        public void sessionClosed(ClientSession s) {
            events.add("closed " + s.jid());
        }
    };

    private SessionTable table(int max, String conflict) {
        SessionTable t = new SessionTable();
        t.configure(RouterFixture.sessionsConfig(max, conflict));
        t.addListener(new SessionListener() {
            @Override
            public void sessionBound(ClientSession s) {
                throw new IllegalStateException("broken listener");
            }
        });
        t.addListener(recorder);
        return t;
    }

    @Test
    void registerLookupUnregisterAndListenersDespiteABrokenOne() throws Exception {
        SessionTable t = table(10, "kick_old");
        FakeSession a = new FakeSession("juliet@example.org/balcony");
        FakeSession b = new FakeSession("juliet@example.org/garden");
        t.register(a);
        t.register(b);
        assertSame(a, t.session(a.jid()));
        assertEquals(2, t.sessions(T.jid("juliet@example.org")).size());
        assertEquals(2, t.count());
        t.unregister(a);
        t.unregister(a); // idempotent
        assertNull(t.session(a.jid()));
        assertEquals(List.of(b), List.copyOf(t.sessions(T.jid("juliet@example.org"))));
        assertEquals(List.of("bound juliet@example.org/balcony", "bound juliet@example.org/garden",
                "closed juliet@example.org/balcony"), events);
    }

    @Test
    void conflictKicksTheOldSessionWithConflictStreamError() throws Exception {
        SessionTable t = table(10, "kick_old");
        FakeSession old = new FakeSession("juliet@example.org/balcony");
        FakeSession fresh = new FakeSession("juliet@example.org/balcony");
        t.register(old);
        t.register(fresh);
        assertTrue(old.closed);
        assertEquals(StreamError.CONFLICT, old.closedWith);
        assertSame(fresh, t.session(fresh.jid()));
        assertEquals(1, t.sessions(T.jid("juliet@example.org")).size());
        t.unregister(old); // the stream layer reports the old one gone later: must not remove the new one
        assertSame(fresh, t.session(fresh.jid()));
        assertEquals(List.of("bound juliet@example.org/balcony", "closed juliet@example.org/balcony",
                "bound juliet@example.org/balcony"), events);
    }

    @Test
    void refusePolicyRejectsTheNewBinding() throws Exception {
        SessionTable t = table(10, "refuse");
        FakeSession old = new FakeSession("juliet@example.org/balcony");
        t.register(old);
        BindException e = assertThrows(BindException.class,
                () -> t.register(new FakeSession("juliet@example.org/balcony")));
        assertEquals(StanzaError.CONFLICT, e.condition());
        assertFalse(old.closed);
        assertSame(old, t.session(old.jid()));
    }

    @Test
    void resourceLimitGivesResourceConstraint() throws Exception {
        SessionTable t = table(2, "kick_old");
        t.register(new FakeSession("romeo@example.org/1"));
        t.register(new FakeSession("romeo@example.org/2"));
        BindException e = assertThrows(BindException.class, () -> t.register(new FakeSession("romeo@example.org/3")));
        assertEquals(StanzaError.RESOURCE_CONSTRAINT, e.condition());
        assertEquals(2, t.sessions(T.jid("romeo@example.org")).size());
        t.register(new FakeSession("juliet@example.org/1")); // the limit is per account
        assertEquals(3, t.count());
    }
}
