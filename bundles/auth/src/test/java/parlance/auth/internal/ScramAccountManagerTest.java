package parlance.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import parlance.address.internal.PrecisAddressPreparer;
import parlance.api.address.Jid;
import parlance.api.address.JidFormatException;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StreamError;
import parlance.api.storage.ScramCredential;

/** Account administration against a fake user store. */
class ScramAccountManagerTest {
    private final Fakes.MemoryUserStore store = new Fakes.MemoryUserStore();
    private final AuthSupport support = new AuthSupport(store, new PrecisAddressPreparer(), 4096);
    private final List<String> closed = new ArrayList<>();
    private final ScramAccountManager accounts = new ScramAccountManager(support, new Sessions());

    @Test
    void createStoresThreeCredentialsThatVerify() {
        assertTrue(Fakes.join(accounts.create("Juliet", "pass word")));
        assertFalse(Fakes.join(accounts.create("juliet", "other")), "second create of the same prepared name");
        List<ScramCredential> creds = store.users.get("juliet");
        assertEquals(List.of("SHA-1", "SHA-256", "SHA-512"), creds.stream().map(ScramCredential::hash).toList());
        for (ScramCredential c : creds) {
            assertEquals(4096, c.iterations());
            assertEquals(16, c.salt().length);
            assertTrue(ScramAlgorithm.forHash(c.hash()).verify("pass word", c));
            assertFalse(ScramAlgorithm.forHash(c.hash()).verify("pass Word", c));
        }
        assertTrue(Fakes.join(accounts.exists("JULIET")));
        assertFalse(Fakes.join(accounts.exists("romeo")));
    }

    @Test
    void credentialsNeverContainThePassword() {
        String password = "VerySecretPassword";
        Fakes.join(accounts.create("juliet", password));
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        for (ScramCredential c : store.users.get("juliet")) {
            for (byte[] field : List.of(c.salt(), c.storedKey(), c.serverKey())) {
                assertFalse(contains(field, pw));
            }
            assertFalse(c.toString().contains(password));
        }
    }

    @Test
    void saltsDifferBetweenAccountsAndChanges() {
        Fakes.join(accounts.create("a", "same"));
        Fakes.join(accounts.create("b", "same"));
        assertNotEquals(store.users.get("a").get(1), store.users.get("b").get(1));
    }

    @Test
    void changePasswordReplacesCredentials() {
        Fakes.join(accounts.create("juliet", "old"));
        assertTrue(Fakes.join(accounts.changePassword("juliet", "new")));
        ScramCredential c = store.users.get("juliet").get(1);
        assertTrue(ScramAlgorithm.SHA_256.verify("new", c));
        assertFalse(ScramAlgorithm.SHA_256.verify("old", c));
        assertFalse(Fakes.join(accounts.changePassword("romeo", "x")));
    }

    @Test
    void deleteRemovesAccountAndClosesItsSessions() {
        Fakes.join(accounts.create("juliet", "pw"));
        Fakes.join(accounts.create("romeo", "pw"));
        assertTrue(Fakes.join(accounts.delete("Juliet")));
        assertFalse(store.users.containsKey("juliet"));
        assertEquals(List.of("juliet@example.com/balcony"), closed);
        assertFalse(Fakes.join(accounts.delete("juliet")));
        assertEquals(List.of("romeo"), Fakes.join(accounts.list("", 0, 10)));
    }

    @Test
    void unpreparableNamesAndPasswordsFail() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> accounts.create("ju liet", "pw").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof JidFormatException);
        assertThrows(ExecutionException.class,
                () -> accounts.create("juliet", "").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(store.users.isEmpty());
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private final class Sessions implements SessionManager {
        private final List<ClientSession> all = List.of(session("juliet@example.com/balcony"),
                session("romeo@example.com/garden"));

        private ClientSession session(String jid) {
            Jid j;
            try {
                j = new PrecisAddressPreparer().parse(jid);
            } catch (JidFormatException e) {
                throw new AssertionError(e);
            }
            return new ClientSession() {
                public Jid jid() {
                    return j;
                }

                public void deliver(Stanza stanza) {
                }

                public void close(StreamError error, String text) {
                    closed.add(j.toString());
                }

                public Stanza presence() {
                    return null;
                }

                public int priority() {
                    return 0;
                }

                public void setPresence(Stanza presence) {
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
            };
        }

        public ClientSession session(Jid fullJid) {
            return null;
        }

        public Collection<ClientSession> sessions(Jid bareJid) {
            return all.stream().filter(s -> s.jid().bare().equals(bareJid)).toList();
        }

        public Collection<ClientSession> all() {
            return all;
        }

        public int count() {
            return all.size();
        }

        public void register(ClientSession session) {
        }

        public void unregister(ClientSession session) {
        }
    }
}
