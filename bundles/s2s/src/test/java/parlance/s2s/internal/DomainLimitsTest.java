package parlance.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** XEP-0205 §3 limits per remote domain: streams at once, and how long to stop reading a too fast peer. */
class DomainLimitsTest {
    @Test
    void aDomainHoldsAtMostTheConfiguredStreamsAndGetsSlotsBack() {
        DomainLimits limits = new DomainLimits(2, 0, System::nanoTime);
        assertTrue(limits.open("a.test"));
        assertTrue(limits.open("a.test"));
        assertFalse(limits.open("a.test"));
        assertTrue(limits.open("c.test"), "other domains are counted apart");
        limits.closed("a.test");
        assertTrue(limits.open("a.test"));
        assertEquals(2, limits.connections("a.test"));
    }

    @Test
    void aDomainOverItsRateIsPausedForTheMissingTime() {
        AtomicLong now = new AtomicLong();
        DomainLimits limits = new DomainLimits(0, 2, now::get); // 2 a second, bursts of 4
        for (int i = 0; i < 4; i++) {
            assertEquals(0, limits.take("a.test"));
        }
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), limits.take("a.test"), "one token short at 2/s");
        assertEquals(0, limits.take("c.test"), "another domain has its own bucket");
        now.addAndGet(TimeUnit.SECONDS.toNanos(2)); // 4 tokens back, one was owed
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limits.take("a.test"));
        }
        assertTrue(limits.take("a.test") > 0);
        assertEquals(0, new DomainLimits(0, 0, now::get).take("a.test"), "0: no limit");
    }
}
