package parlance.filetransfer.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The byte bucket behind the in-band bytestream rate (XEP-0047 §5 Usage Guidelines), on a clock the test moves. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBurstPassesThenTheRateApplies() {
        TokenBucket b = new TokenBucket(1000, 4000, 0);
        assertTrue(b.take(4000, 0), "the burst is there from the start");
        assertFalse(b.take(1, 0), "and then empty");
        assertFalse(b.take(600, SECOND / 2), "half a second brings 500 bytes, not 600");
        assertTrue(b.take(500, SECOND / 2), "a refused take took nothing: the 500 are still there");
        assertTrue(b.take(1000, SECOND * 3 / 2));
    }

    @Test
    void quietTimeRefillsOnlyUpToTheBurst() {
        TokenBucket b = new TokenBucket(1000, 4000, 0);
        assertTrue(b.take(4000, 0));
        assertFalse(b.isFull(2 * SECOND));
        assertTrue(b.isFull(60 * SECOND));
        assertTrue(b.take(4000, 60 * SECOND));
        assertFalse(b.take(1, 60 * SECOND), "an hour of quiet does not save more than the burst");
    }

    @Test
    void aChunkLargerThanTheBurstNeverPasses() {
        TokenBucket b = new TokenBucket(1000, 4000, 0);
        assertFalse(b.take(4001, 100 * SECOND));
    }
}
