package parlance.storage.derby.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand; it also records the name of the last thread that read it. */
final class MutableClock extends Clock {
    private volatile Instant now;
    private volatile String lastReader;

    MutableClock(Instant start) {
        this.now = start;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    void set(Instant instant) {
        now = instant;
    }

    String lastReader() {
        return lastReader;
    }

    @Override
    public Instant instant() {
        lastReader = Thread.currentThread().getName();
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
