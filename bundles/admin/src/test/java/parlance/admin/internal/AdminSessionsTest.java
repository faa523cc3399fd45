package parlance.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdminSessionsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AdminSessions sessions = new AdminSessions(now::get, 60_000, 3);

    @Test
    void idsAndCsrfTokensAre256RandomBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            AdminSession s = new AdminSessions(now::get, 60_000, 100).create("admin");
            assertEquals(32, Base64.getUrlDecoder().decode(s.id()).length);
            assertEquals(32, Base64.getUrlDecoder().decode(s.csrfToken()).length);
            assertNotEquals(s.id(), s.csrfToken());
            assertTrue(seen.add(s.id()));
            assertTrue(seen.add(s.csrfToken()));
        }
    }

    @Test
    void sessionIsFoundByItsIdOnly() {
        AdminSession s = sessions.create("admin");
        assertSame(s, sessions.get(s.id()));
        assertNull(sessions.get(s.csrfToken()));
        assertNull(sessions.get(null));
        assertNull(sessions.get("nope"));
        assertEquals("admin", s.username());
    }

    @Test
    void idleSessionExpiresButUseKeepsItAlive() {
        AdminSession s = sessions.create("admin");
        now.addAndGet(59_000);
        assertNotNull(sessions.get(s.id()), "used within the idle timeout");
        now.addAndGet(59_000);
        assertNotNull(sessions.get(s.id()), "the last use restarted the idle clock");
        now.addAndGet(60_000);
        assertNull(sessions.get(s.id()), "idle for the whole timeout");
        assertNull(sessions.get(s.id()));
    }

    @Test
    void logoutInvalidates() {
        AdminSession s = sessions.create("admin");
        sessions.invalidate(s.id());
        assertNull(sessions.get(s.id()));
    }

    @Test
    void oldestSessionGoesWhenFull() {
        AdminSession a = sessions.create("a");
        now.incrementAndGet();
        AdminSession b = sessions.create("b");
        now.incrementAndGet();
        AdminSession c = sessions.create("c");
        now.incrementAndGet();
        sessions.get(a.id());
        AdminSession d = sessions.create("d");
        assertEquals(3, sessions.size());
        assertNull(sessions.get(b.id()), "least recently used");
        assertNotNull(sessions.get(a.id()));
        assertNotNull(sessions.get(c.id()));
        assertNotNull(sessions.get(d.id()));
    }

    @Test
    void csrfTokenMustMatchExactly() {
        AdminSession s = sessions.create("admin");
        assertTrue(s.csrfMatches(s.csrfToken()));
        assertFalse(s.csrfMatches(null));
        assertFalse(s.csrfMatches(""));
        assertFalse(s.csrfMatches(s.csrfToken() + "x"));
        assertFalse(s.csrfMatches(s.csrfToken().substring(1)));
        assertFalse(s.csrfMatches(sessions.create("other").csrfToken()), "another session's token");
    }

    @Test
    void flashIsShownOnce() {
        AdminSession s = sessions.create("admin");
        assertNull(s.takeFlash());
        s.flash("Deleted juliet.", false);
        String[] f = s.takeFlash();
        assertEquals("Deleted juliet.", f[0]);
        assertEquals("ok", f[1]);
        assertNull(s.takeFlash());
    }
}
