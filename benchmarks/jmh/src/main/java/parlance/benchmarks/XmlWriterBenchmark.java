package parlance.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import parlance.api.stanza.Namespaces;
import parlance.xml.XmlStreamException;
import parlance.xml.XmlWriter;

/** Serialising a stanza for a client stream (RFC 6120 §4, §11): {@code XmlWriter.toBytes(element, jabber:client)}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class XmlWriterBenchmark {
    private Element message;

    @Setup
    public void parse() throws XmlStreamException {
        message = Samples.parsedChatMessage();
        message.addAttribute("from", "juliet@example.org/balcony"); // as the router stamps it
    }

    @Benchmark
    public byte[] chatMessageToBytes() {
        return XmlWriter.toBytes(message, Namespaces.CLIENT);
    }
}
