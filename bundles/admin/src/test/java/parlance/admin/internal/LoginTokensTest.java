package parlance.admin.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginTokensTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginTokens tokens = new LoginTokens(now::get, 60_000, 3);

    @Test
    void theTokenMatchesOnlyItsOwnPreSessionAndOnlyOnce() {
        String[] a = tokens.issue();
        String[] b = tokens.issue();
        assertNotEquals(a[0], a[1]);
        assertFalse(tokens.check(a[0], b[1]), "another form's token");
        assertFalse(tokens.check(a[0], a[1]), "a failed check used the pre-session up");
        assertTrue(tokens.check(b[0], b[1]));
        assertFalse(tokens.check(b[0], b[1]), "one attempt per token");
        assertFalse(tokens.check(null, b[1]));
        assertFalse(tokens.check(b[0], null));
    }

    @Test
    void tokensExpireAndTheOldestGiveWay() {
        String[] old = tokens.issue();
        now.addAndGet(60_000);
        assertFalse(tokens.check(old[0], old[1]), "expired");
        String[] first = tokens.issue();
        tokens.issue();
        tokens.issue();
        tokens.issue();
        assertFalse(tokens.check(first[0], first[1]), "evicted beyond the limit");
    }
}
