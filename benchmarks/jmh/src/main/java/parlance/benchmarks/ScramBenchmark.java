package parlance.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import parlance.api.storage.ScramCredential;
import parlance.auth.internal.ScramFixture;

/**
 * SCRAM on the server (RFC 5802 §5, RFC 7677 §3) with an account whose credential has 4096 iterations:
 * {@code exchange} is one full successful exchange of the real mechanism against a user store that answers at
 * once (see {@link ScramFixture}); {@code deriveCredential} is the PBKDF2 the server runs instead for PLAIN, account
 * creation and password changes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScramBenchmark {
    @Param({"SHA-1", "SHA-256"})
    public String hash;

    @Param({"4096"})
    public int iterations;

    private ScramFixture fixture;

    @Setup
    public void start() {
        fixture = new ScramFixture(hash, iterations);
        fixture.exchange(); // fails the trial at once if the exchange does not succeed
    }

    @TearDown
    public void stop() {
        fixture.close();
    }

    @Benchmark
    public String exchange() {
        return fixture.exchange();
    }

    @Benchmark
    public ScramCredential deriveCredential() {
        return fixture.deriveCredential();
    }
}
