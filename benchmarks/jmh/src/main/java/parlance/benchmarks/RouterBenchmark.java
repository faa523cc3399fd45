package parlance.benchmarks;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import parlance.address.internal.PrecisAddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.server.ServerInfo;
import parlance.api.session.BindException;
import parlance.api.stanza.Stanza;
import parlance.router.internal.RouterConfig;
import parlance.router.internal.SessionTable;
import parlance.router.internal.SessionsConfig;
import parlance.router.internal.StanzaRouter;
import parlance.xml.XmlStreamException;

/**
 * Routing a chat message between two local sessions (RFC 6121 §8.5.3 full JID, §8.5.2 bare JID) through the real
 * {@link StanzaRouter} and {@link SessionTable}, with no handlers registered (no roster, offline or archive
 * handlers in the way): {@code router.receive(origin, stanza)} up to {@code ClientSession.deliver}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RouterBenchmark {
    private StanzaRouter router;
    private LocalSession juliet;
    private LocalSession romeo;
    private Stanza toFull;
    private Stanza toBare;

    @Setup
    public void start() throws BindException, JidFormatException, XmlStreamException {
        SessionTable sessions = new SessionTable();
        sessions.configure(new SessionsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SessionsConfig.class;
            }

            @Override
            public int max_resources() {
                return 10;
            }

            @Override
            public String conflict() {
                return "kick_old";
            }
        });
        router = new StanzaRouter(sessions, server(), new RouterConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RouterConfig.class;
            }

            @Override
            public int handler_threads() {
                return 1;
            }

            @Override
            public int handler_queue() {
                return 100;
            }
        });
        // every address its own instance with its own strings, as when the stream layer prepares each one: the
        // table's lookups then compare contents, not references
        PrecisAddressPreparer preparer = new PrecisAddressPreparer();
        juliet = new LocalSession(preparer.parse("juliet@example.org/balcony"));
        romeo = new LocalSession(preparer.parse("romeo@example.org/orchard"));
        sessions.register(juliet);
        sessions.register(romeo);

        // as the stream layer hands it on: parsed, from stamped with the sender's full JID (RFC 6120 §8.1.2.1)
        Element full = Samples.parsedChatMessage();
        full.addAttribute("from", juliet.jid().toString());
        toFull = Stanza.of(full, preparer.parse(full.attributeValue("from")),
                preparer.parse(full.attributeValue("to")));
        Element bare = full.createCopy();
        bare.addAttribute("to", "romeo@example.org");
        toBare = Stanza.of(bare, preparer.parse(bare.attributeValue("from")),
                preparer.parse(bare.attributeValue("to")));

        check(toFull);
        check(toBare);
    }

    private void check(Stanza stanza) {
        long before = romeo.delivered;
        router.receive(juliet, stanza);
        if (romeo.delivered != before + 1 || romeo.last != stanza || juliet.delivered != 0) {
            throw new IllegalStateException("the message did not reach romeo exactly once: " + stanza);
        }
    }

    @TearDown
    public void stop() {
        router.deactivate();
    }

    @Benchmark
    public long chatToFullJid() {
        router.receive(juliet, toFull);
        return romeo.delivered;
    }

    @Benchmark
    public long chatToBareJid() {
        router.receive(juliet, toBare);
        return romeo.delivered;
    }

    private static ServerInfo server() {
        return new ServerInfo() {
            @Override
            public String domain() {
                return Samples.DOMAIN;
            }

            @Override
            public String bindAddress() {
                return "127.0.0.1";
            }

            @Override
            public Path home() {
                return Path.of(".");
            }

            @Override
            public Instant startedAt() {
                return Instant.EPOCH;
            }

            @Override
            public boolean isAdmin(Jid bareJid) {
                return false;
            }
        };
    }
}
