package parlance.stream.internal;

import io.netty.buffer.ByteBuf;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import parlance.api.address.Jid;
import parlance.api.handler.MessageInterceptor;
import parlance.api.server.ServerInfo;
import parlance.api.session.BindException;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.Stanzas;
import parlance.api.stanza.StreamError;
import parlance.router.internal.RouterConfig;
import parlance.router.internal.SessionTable;
import parlance.router.internal.SessionsConfig;
import parlance.router.internal.StanzaRouter;
import parlance.xml.XmlWriter;

/**
 * One MUC room message to {@code occupants} recipients, as the bytes each TCP connection writes: serialised per
 * recipient (a copy addressed to each, then XmlWriter) versus once per message (Broadcast + SharedStanzaBytes:
 * shared head and tail around each recipient's own {@code to}). One operation is the whole fan-out.
 *
 * <p>The {@code fanout*} methods measure the whole way from a MUC room to the bytes of local sessions (each session
 * serialises as StreamClientSession does: a {@link Broadcast} with SharedStanzaBytes, a {@link Stanza} with
 * XmlWriter): {@code fanoutDirect} is what MUC and PubSub did before routing broadcasts (session lookup, then
 * {@code deliver(Broadcast)}, bypassing handlers and interceptors); {@code fanoutRouted} is
 * {@code Router.route(Broadcast, recipients)} through the real {@link StanzaRouter} with no interceptors;
 * {@code fanoutRoutedGuarded} the same with one message interceptor that passes every message, as XEP-0191
 * blocking does with a cached blocklist (each recipient's copy then meets it).
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
    private List<Jid> recipientList;
    private Jid from;
    private SessionTable sessions;
    private StanzaRouter router;
    private StanzaRouter guarded;
    private long[] written;

    @Setup
    public void setUp() throws BindException {
        recipients = new Jid[occupants];
        for (int i = 0; i < occupants; i++) {
            recipients[i] = Jid.ofPrepared("user" + i, "example.org", "phone-" + i);
        }
        recipientList = List.of(recipients);
        from = Jid.ofPrepared("coven", "conference.example.org", "thirdwitch");
        written = new long[1];
        sessions = new SessionTable();
        sessions.configure(new SessionsConfig() {
            public Class<? extends Annotation> annotationType() {
                return SessionsConfig.class;
            }

            public int max_resources() {
                return 10;
            }

            public String conflict() {
                return "kick_old";
            }
        });
        for (Jid jid : recipients) {
            // a distinct instance per session, as the stream layer prepares each bound address
            sessions.register(new WritingSession(Jid.ofPrepared(jid.local(), jid.domain(), jid.resource()),
                    written));
        }
        router = new StanzaRouter(sessions, server(), config());
        guarded = new StanzaRouter(sessions, server(), config());
        guarded.addMessageInterceptor(new MessageInterceptor() {
            @Override
            public CompletionStage<Stanza> inbound(Jid account, parlance.api.session.ClientSession origin,
                    Stanza message) {
                // a cached blocklist that blocks nobody: one lookup, the message goes on unchanged
                return CompletableFuture.completedFuture(account.equals(message.from()) ? null : message);
            }
        }, java.util.Map.of("service.id", 1L));
        long before = written[0];
        fanoutRoutedGuarded();
        if (written[0] != before + occupants) {
            throw new IllegalStateException("not every occupant got the message once");
        }
    }

    @TearDown
    public void tearDown() {
        router.deactivate();
        guarded.deactivate();
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

    /** Before: MUC/PubSub Fanout delivered to local sessions directly. */
    @Benchmark
    public long fanoutDirect() {
        Broadcast b = Broadcast.of(message(), from);
        for (Jid to : recipients) {
            ClientSession session = sessions.session(to);
            session.deliver(b);
        }
        return written[0];
    }

    @Benchmark
    public long fanoutRouted() {
        router.route(Broadcast.of(message(), from), recipientList);
        return written[0];
    }

    @Benchmark
    public long fanoutRoutedGuarded() {
        guarded.route(Broadcast.of(message(), from), recipientList);
        return written[0];
    }

    private static RouterConfig config() {
        return new RouterConfig() {
            public Class<? extends Annotation> annotationType() {
                return RouterConfig.class;
            }

            public int handler_threads() {
                return 1;
            }

            public int handler_queue() {
                return 100;
            }
        };
    }

    private static ServerInfo server() {
        return new ServerInfo() {
            public String domain() {
                return "example.org";
            }

            public String bindAddress() {
                return "127.0.0.1";
            }

            public Path home() {
                return Path.of(".");
            }

            public Instant startedAt() {
                return Instant.EPOCH;
            }

            public boolean isAdmin(Jid bareJid) {
                return false;
            }
        };
    }

    /** An available session that turns what it gets into the bytes its connection would write, then drops them. */
    private static final class WritingSession implements ClientSession {
        private final Jid jid;
        private final long[] written;
        private final Stanza presence;

        WritingSession(Jid jid, long[] written) {
            this.jid = jid;
            this.written = written;
            Element p = Stanzas.newElement(Stanza.Kind.PRESENCE);
            this.presence = Stanza.of(p, jid, null);
        }

        public Jid jid() {
            return jid;
        }

        public void deliver(Stanza stanza) {
            written[0] += XmlWriter.toBytes(stanza.element(), Namespaces.CLIENT).length > 0 ? 1 : 0;
        }

        public void deliver(Broadcast broadcast) {
            ByteBuf buf = SharedStanzaBytes.of(broadcast).forRecipient(jid);
            written[0] += buf.readableBytes() > 0 ? 1 : 0;
            buf.release();
        }

        public void close(StreamError error, String text) {
        }

        public Stanza presence() {
            return presence;
        }

        public int priority() {
            return 0;
        }

        public void setPresence(Stanza p) {
        }

        public boolean isInterested() {
            return false;
        }

        public void setInterested(boolean interested) {
        }

        public boolean isSecure() {
            return true;
        }

        public String remoteAddress() {
            return "127.0.0.1:1";
        }
    }
}
