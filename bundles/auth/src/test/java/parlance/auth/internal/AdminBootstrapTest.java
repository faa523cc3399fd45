package parlance.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import parlance.address.internal.PrecisAddressPreparer;
import parlance.api.address.Jid;
import parlance.api.server.ServerInfo;
import parlance.api.storage.ScramCredential;

/** The admin account bootstrap (PID parlance.admin). */
class AdminBootstrapTest {
    private static final Pattern CREATED = Pattern.compile(
            "WARN Created admin@example\\.com with password (\\S{20}) \\(shown once; set parlance\\.admin\\.password "
                    + "to choose one\\)");

    private final Fakes.MemoryUserStore store = new Fakes.MemoryUserStore();
    private final AuthSupport support = new AuthSupport(store, new PrecisAddressPreparer(), 4096);
    private final ScramAccountManager accounts = new ScramAccountManager(support, null);
    private final RecordingLogger log = new RecordingLogger();
    private final AdminBootstrap bootstrap = new AdminBootstrap(accounts, new Server(), support, log);

    private ScramCredential sha256() {
        return store.users.get("admin").get(1);
    }

    @Test
    void configuredPasswordCreatesThenChangesTheAccount() {
        Fakes.join(bootstrap.apply("first-secret"));
        assertTrue(ScramAlgorithm.SHA_256.verify("first-secret", sha256()));
        Fakes.join(bootstrap.apply("second-secret"));
        assertTrue(ScramAlgorithm.SHA_256.verify("second-secret", sha256()));
        assertFalse(ScramAlgorithm.SHA_256.verify("first-secret", sha256()));
        assertFalse(log.lines.stream().anyMatch(l -> l.contains("secret")), "configured password never logged");
    }

    @Test
    void theSamePasswordAgainLeavesTheStoredCredentialsAlone() {
        Fakes.join(bootstrap.apply("same-secret"));
        ScramCredential before = sha256();
        Fakes.join(bootstrap.apply("same-secret")); // a restart with the same -Dparlance.admin.password
        assertTrue(before == sha256(), "not derived and stored again (same salt, same object)");
        assertTrue(ScramAlgorithm.SHA_256.verify("same-secret", sha256()));
    }

    @Test
    void withoutPasswordARandomOneIsCreatedAndLoggedOnce() {
        Fakes.join(bootstrap.apply(""));
        Fakes.join(bootstrap.apply(null));
        List<String> warnings = log.lines.stream().filter(l -> l.startsWith("WARN")).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        Matcher m = CREATED.matcher(warnings.get(0));
        assertTrue(m.matches(), warnings.get(0));
        assertTrue(ScramAlgorithm.SHA_256.verify(m.group(1), sha256()));
    }

    @Test
    void withoutPasswordAnExistingAccountIsLeftAlone() {
        Fakes.join(accounts.create("admin", "kept"));
        Fakes.join(bootstrap.apply(""));
        assertTrue(ScramAlgorithm.SHA_256.verify("kept", sha256()));
        assertTrue(log.lines.isEmpty(), log.lines.toString());
    }

    @Test
    void theReadyLineWaitsForTheAccountEvenWhenSettingItFails() {
        AtomicInteger held = new AtomicInteger();
        Function<String, Runnable> hold = what -> {
            held.incrementAndGet();
            return held::decrementAndGet;
        };
        CompletableFuture<Void> slow = new CompletableFuture<>();
        AdminBootstrap.holdReady(hold, slow);
        assertEquals(1, held.get(), "held while the credentials are derived and stored");
        slow.complete(null);
        assertEquals(0, held.get());

        CompletableFuture<Void> failing = new CompletableFuture<>();
        AdminBootstrap.holdReady(hold, failing);
        failing.completeExceptionally(new IllegalStateException("storage down"));
        assertEquals(0, held.get(), "a failure releases the hold too; the server still reports ready");
    }

    private static final class Server implements ServerInfo {
        public String domain() {
            return "example.com";
        }

        public String bindAddress() {
            return "";
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
    }

    /** Records formatted log lines as "LEVEL message". */
    private static final class RecordingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
        }

        public boolean isTraceEnabled() {
            return true;
        }

        public boolean isDebugEnabled() {
            return true;
        }

        public boolean isInfoEnabled() {
            return true;
        }

        public boolean isWarnEnabled() {
            return true;
        }

        public boolean isErrorEnabled() {
            return true;
        }
    }
}
