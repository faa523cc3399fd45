package parlance.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StanzaRateTest {
    @Test
    void rateIsTheSlopeOverTheKeptSamples() {
        AtomicLong now = new AtomicLong(0);
        StanzaRate rate = new StanzaRate(3, now::get);
        assertEquals(0, rate.perSecond(), "no rate before two samples");
        rate.sample(100);
        now.set(5000);
        rate.sample(600);
        assertEquals(100.0, rate.perSecond(), 1e-9);
        now.set(10_000);
        rate.sample(600);
        assertEquals(50.0, rate.perSecond(), 1e-9, "500 stanzas over 10 s");
        now.set(15_000);
        rate.sample(600);
        assertEquals(0.0, rate.perSecond(), 1e-9, "the oldest sample fell out of the ring of 3");
        rate.sample(-1);
        assertEquals(0, rate.perSecond(), "no router, no rate");
    }
}
