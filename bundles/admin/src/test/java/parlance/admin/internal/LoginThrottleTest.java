package parlance.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(5_000_000);
    private final LoginThrottle throttle = new LoginThrottle(now::get, 5, 300_000);

    @Test
    void fifthFailureBlocksTheAddressUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("10.0.0.1");
            now.addAndGet(1000);
            assertEquals(0, throttle.retryAfterMillis("10.0.0.1"), "after " + (i + 1) + " failures");
        }
        throttle.recordFailure("10.0.0.1");
        long wait = throttle.retryAfterMillis("10.0.0.1");
        assertEquals(300_000 - 4000, wait, "until the first failure is 5 minutes old");
        now.addAndGet(wait - 1);
        assertTrue(throttle.retryAfterMillis("10.0.0.1") > 0);
        now.addAndGet(1);
        assertEquals(0, throttle.retryAfterMillis("10.0.0.1"));
    }

    @Test
    void addressesAreCountedApart() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("10.0.0.1");
        }
        assertTrue(throttle.retryAfterMillis("10.0.0.1") > 0);
        assertEquals(0, throttle.retryAfterMillis("10.0.0.2"));
        assertEquals(0, throttle.retryAfterMillis("::1"));
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("10.0.0.1");
        }
        now.addAndGet(300_000);
        throttle.recordFailure("10.0.0.1");
        assertEquals(0, throttle.retryAfterMillis("10.0.0.1"), "only one failure within the window");
    }
}
