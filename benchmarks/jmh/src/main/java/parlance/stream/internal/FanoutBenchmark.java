package parlance.stream.internal;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import org.dom4j.Element;
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
import org.openjdk.jmh.infra.Blackhole;
import parlance.api.address.Jid;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;
import parlance.xml.XmlWriter;

/**
 * One MUC room message to {@code occupants} recipients, as the bytes each TCP connection writes: serialised per
 * recipient (a copy addressed to each, then XmlWriter) versus once per message (Broadcast + SharedStanzaBytes:
 * shared head and tail around each recipient's own {@code to}). One operation is the whole fan-out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FanoutBenchmark {
    @Param({"50"})
    int occupants;

    private Jid[] recipients;
    private Jid from;

    @Setup
    public void setUp() {
        recipients = new Jid[occupants];
        for (int i = 0; i < occupants; i++) {
            recipients[i] = Jid.ofPrepared("user" + i, "example.org", "phone-" + i);
        }
        from = Jid.ofPrepared("coven", "conference.example.org", "thirdwitch");
    }

    private Element message() {
        Element m = Stanzas.newElement(Stanza.Kind.MESSAGE);
        m.addAttribute("from", from.toString());
        m.addAttribute("type", "groupchat");
        m.addAttribute("id", "162BEBB1-F6DB-4D9A-9BD8-CFDCC801A0B2");
        m.addElement("body", Namespaces.CLIENT).setText("Thrice the brinded cat hath mew'd.");
        m.addElement("stanza-id", "urn:xmpp:sid:0").addAttribute("id", "5f3dbc5e-e1d3-4077-a492-693f3769c7ad")
                .addAttribute("by", "coven@conference.example.org");
        m.addElement("occupant-id", "urn:xmpp:occupant-id:0").addAttribute("id", "dd72603deec90a38ba552f7c68d");
        return m;
    }

    @Benchmark
    public void serialisedPerRecipient(Blackhole bh) {
        Broadcast b = Broadcast.of(message(), from);
        for (Jid to : recipients) {
            bh.consume(XmlWriter.toBytes(b.stanzaFor(to).element(), Namespaces.CLIENT));
        }
    }

    @Benchmark
    public void serialisedOnce(Blackhole bh) {
        Broadcast b = Broadcast.of(message(), from);
        for (Jid to : recipients) {
            ByteBuf buf = SharedStanzaBytes.of(b).forRecipient(to);
            bh.consume(buf);
            buf.release();
        }
    }
}
