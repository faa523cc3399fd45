package parlance.storage.derby.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import parlance.api.address.Jid;
import parlance.api.server.ServerInfo;

/** A tiny fake ServerInfo, a config, and a bounded wait for stages. */
final class Fixtures {
    private Fixtures() {
    }

    static ServerInfo server(Path home) {
        Instant started = Instant.now();
        return new ServerInfo() {
            @Override
            public String domain() {
                return "example.org";
            }

            @Override
            public String bindAddress() {
                return "127.0.0.1";
            }

            @Override
            public Path home() {
                return home;
            }

            @Override
            public Instant startedAt() {
                return started;
            }

            @Override
            public boolean isAdmin(Jid bareJid) {
                return false;
            }
        };
    }

    static DerbyConfig config(int pool, int threads) {
        return new DerbyConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DerbyConfig.class;
            }

            @Override
            public int pool_size() {
                return pool;
            }

            @Override
            public int threads() {
                return threads;
            }

            @Override
            public int queue_size() {
                return 10_000;
            }

            @Override
            public int shutdown_timeout() {
                return 10;
            }
        };
    }

    static DerbyDatabase open(Path home) throws Exception {
        return new DerbyDatabase(server(home), config(3, 4));
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Jid jid(String local, String domain) {
        return Jid.ofPrepared(local, domain, null);
    }
}
