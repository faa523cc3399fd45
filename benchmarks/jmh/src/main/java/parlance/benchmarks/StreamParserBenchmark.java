package parlance.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import parlance.xml.StreamHeader;
import parlance.xml.XmlStreamException;
import parlance.xml.XmppStreamListener;
import parlance.xml.XmppStreamParser;

/**
 * Bytes in, stanzas out: {@link XmppStreamParser} on an open client stream (RFC 6120 §4), one chat message per
 * operation, handed to {@code feed} whole or in reads of {@code read} bytes (as TCP may deliver it). The stream
 * stays open across operations, so this is the steady state of a long-lived connection, not the stream header.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StreamParserBenchmark {
    /** {@code whole}: the stanza in one read; a number: reads of that many bytes (the last one shorter). */
    @Param({"whole", "100", "7"})
    public String read;

    private XmppStreamParser parser;
    private byte[] stanza;
    private int chunk;
    private long elements;
    private Element last;

    @Setup(Level.Trial)
    public void open() throws XmlStreamException {
        stanza = Samples.CHAT_MESSAGE_BYTES;
        chunk = "whole".equals(read) ? stanza.length : Integer.parseInt(read);
        parser = new XmppStreamParser(new XmppStreamListener() {
            @Override
            public void streamOpened(StreamHeader header) {
            }

            @Override
            public void element(Element element) {
                elements++;
                last = element;
            }

            @Override
            public void streamClosed() {
                throw new IllegalStateException("stream closed");
            }
        }, 65536);
        parser.feed(Samples.CLIENT_HEADER_BYTES, 0, Samples.CLIENT_HEADER_BYTES.length);
        long before = elements;
        parseOne();
        if (elements != before + 1 || !"message".equals(last.getName())) {
            throw new IllegalStateException("expected one message per operation, got " + (elements - before));
        }
    }

    /** One chat message fed in reads of {@code chunk} bytes; the parser emits exactly one element. */
    @Benchmark
    public Element parseOne() throws XmlStreamException {
        byte[] s = stanza;
        int n = chunk;
        for (int off = 0; off < s.length; off += n) {
            parser.feed(s, off, Math.min(n, s.length - off));
        }
        return last;
    }
}
