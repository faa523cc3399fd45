package parlance.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;
import parlance.api.address.Jid;
import parlance.api.auth.AccountManager;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;

/** The shell commands against in-memory accounts and sessions. */
class ParlanceCommandsTest {
    private final Accounts accounts = new Accounts();
    private final List<Session> sessions = new ArrayList<>();
    private final ParlanceCommands shell = new ParlanceCommands();

    ParlanceCommandsTest() {
        shell.accounts = accounts;
        shell.sessionManager = new Sessions();
    }

    @Test
    void accountLifecycle() {
        assertEquals("Created account juliet", shell.useradd("juliet", "pw"));
        assertEquals("Account juliet already exists", shell.useradd("juliet", "other"));
        assertEquals("pw", accounts.passwords.get("juliet"));
        assertEquals("Changed the password of juliet", shell.passwd("juliet", "new"));
        assertEquals("new", accounts.passwords.get("juliet"));
        assertEquals("No account romeo", shell.passwd("romeo", "x"));

        shell.useradd("romeo", "pw");
        String users = shell.users();
        assertTrue(users.contains("juliet") && users.contains("romeo") && users.endsWith("(2 accounts)"), users);
        assertEquals("romeo" + System.lineSeparator() + "(1 account)", shell.users("rom"));

        assertEquals("Deleted account juliet", shell.userdel("juliet"));
        assertEquals("No account juliet", shell.userdel("juliet"));
        assertFalse(accounts.passwords.containsKey("juliet"));
    }

    @Test
    void failuresAndMissingServicesArePrintedNotThrown() {
        assertTrue(shell.useradd("bad name", "pw").startsWith("Failed: "), "storage failure is reported");
        shell.accounts = null;
        assertEquals("Account service not available (is the auth bundle running?)", shell.users());
        shell.sessionManager = null;
        assertTrue(shell.sessions().startsWith("Session manager not available"));
    }

    @Test
    void stalledStorageTimesOut() {
        shell.configure(new ParlanceCommands.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ParlanceCommands.Config.class;
            }

            @Override
            public int timeoutSeconds() {
                return 1;
            }
        });
        accounts.stall = true;
        assertEquals("Timed out after 1 s", shell.userdel("juliet"));
    }

    @Test
    void sessionsAreListedAndKicked() {
        assertEquals("No sessions", shell.sessions());
        Session balcony = new Session(Jid.ofPrepared("juliet", "example.org", "balcony"));
        Session garden = new Session(Jid.ofPrepared("juliet", "example.org", "garden"));
        Session romeo = new Session(Jid.ofPrepared("romeo", "example.org", "home"));
        sessions.addAll(List.of(romeo, garden, balcony));

        String listing = shell.sessions();
        String[] lines = listing.split(System.lineSeparator());
        assertEquals(4, lines.length, listing);
        assertTrue(lines[0].startsWith("juliet@example.org/balcony  127.0.0.1:5222  tls  unavailable"), lines[0]);
        assertEquals("(3 sessions)", lines[3]);

        assertEquals("Kicked 1 session of juliet@example.org/garden", shell.kick("juliet@example.org/garden"));
        assertEquals(StreamError.POLICY_VIOLATION, garden.closedWith);
        assertNull(balcony.closedWith);

        assertEquals("Kicked 2 sessions of juliet@example.org", shell.kick("juliet@example.org"));
        assertEquals(StreamError.POLICY_VIOLATION, balcony.closedWith);
        assertNull(romeo.closedWith);
        assertEquals("No session for nobody@example.org", shell.kick("nobody@example.org"));
    }

    /** In-memory accounts; a username with a space fails like an unpreparable name; {@code stall} never completes. */
    static final class Accounts implements AccountManager {
        final Map<String, String> passwords = new ConcurrentSkipListMap<>();
        volatile boolean stall;

        private <T> CompletionStage<T> async(java.util.function.Supplier<T> work) {
            return stall ? new CompletableFuture<>() : CompletableFuture.supplyAsync(work);
        }

        @Override
        public CompletionStage<Boolean> create(String username, String password) {
            if (username.contains(" ")) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("invalid username"));
            }
            return async(() -> passwords.putIfAbsent(username, password) == null);
        }

        @Override
        public CompletionStage<Boolean> changePassword(String username, String password) {
            return async(() -> passwords.replace(username, password) != null);
        }

        @Override
        public CompletionStage<Boolean> delete(String username) {
            return async(() -> passwords.remove(username) != null);
        }

        @Override
        public CompletionStage<Boolean> exists(String username) {
            return async(() -> passwords.containsKey(username));
        }

        @Override
        public CompletionStage<List<String>> list(String query, int offset, int limit) {
            return async(() -> passwords.keySet().stream().filter(u -> u.contains(query)).skip(offset).limit(limit)
                    .toList());
        }
    }

    final class Sessions implements SessionManager {
        @Override
        public ClientSession session(Jid fullJid) {
            return sessions.stream().filter(s -> s.jid().equals(fullJid)).findFirst().orElse(null);
        }

        @Override
        public Collection<ClientSession> sessions(Jid bareJid) {
            return sessions.stream().filter(s -> s.jid().bare().equals(bareJid)).map(s -> (ClientSession) s).toList();
        }

        @Override
        public Collection<ClientSession> all() {
            return List.copyOf(sessions);
        }

        @Override
        public int count() {
            return sessions.size();
        }

        @Override
        public void register(ClientSession session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unregister(ClientSession session) {
        }
    }

    static final class Session implements ClientSession {
        private final Jid jid;
        StreamError closedWith;

        Session(Jid jid) {
            this.jid = jid;
        }

        @Override
        public Jid jid() {
            return jid;
        }

        @Override
        public void deliver(Stanza stanza) {
        }

        @Override
        public void close(StreamError error, String text) {
            closedWith = error;
        }

        @Override
        public Stanza presence() {
            return null;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public void setPresence(Stanza presence) {
        }

        @Override
        public boolean isInterested() {
            return false;
        }

        @Override
        public void setInterested(boolean interested) {
        }

        @Override
        public boolean isSecure() {
            return true;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:5222";
        }
    }
}
