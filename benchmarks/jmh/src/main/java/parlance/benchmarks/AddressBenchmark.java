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
import org.openjdk.jmh.annotations.Warmup;
import parlance.address.internal.PrecisAddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;

/**
 * Address preparation (RFC 7622 §3): {@link PrecisAddressPreparer#parse} of a full JID, as done for every
 * {@code to} and {@code from} a client sends. The same text each time, so the preparer's domain cache hits (as it
 * does for the handful of domains a real server sees).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AddressBenchmark {
    /** ascii: already prepared; mixed: needs case mapping; nonascii: local, domain and resource beyond ASCII. */
    @Param({"ascii", "mixed", "nonascii"})
    public String kind;

    private final PrecisAddressPreparer preparer = new PrecisAddressPreparer();
    private String text;

    @Setup
    public void pick() throws JidFormatException {
        switch (kind) {
            case "ascii":
                text = "juliet@example.org/balcony";
                break;
            case "mixed":
                text = "Juliet.Capulet@Example.ORG/Balcony-4F2A";
                break;
            case "nonascii":
                text = "J\u00FCrgen.M\u00FCller@b\u00FCcher.example/Telefon \u260E";
                break;
            default:
                throw new IllegalArgumentException(kind);
        }
        preparer.parse(text); // fails the trial at once if the sample is not a valid address
    }

    @Benchmark
    public Jid parse() throws JidFormatException {
        return preparer.parse(text);
    }
}
