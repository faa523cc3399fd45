package parlance.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import parlance.api.address.Jid;
import parlance.api.auth.SaslContext;
import parlance.api.auth.SaslExchange;
import parlance.api.auth.SaslMechanism;
import parlance.api.auth.SaslStep;
import parlance.api.server.ServerInfo;

/** The console verifies passwords by running the PLAIN exchange (RFC 4616) and admits admins only. */
class CredentialsTest {
    private final List<String> messages = new ArrayList<>();
    private final List<SaslContext> contexts = new ArrayList<>();

    /** A fake PLAIN mechanism: juliet/secret and admin/root are the accounts. */
    private final SaslMechanism plain = new SaslMechanism() {
        @Override
        public String name() {
            return "PLAIN";
        }

        @Override
        public boolean requiresTls() {
            return true;
        }

        @Override
        public SaslExchange start(SaslContext context) {
            contexts.add(context);
            return response -> {
                String m = new String(response, StandardCharsets.UTF_8);
                messages.add(m);
                String[] p = m.split("\0", -1);
                boolean ok = p.length == 3 && (p[1].equals("juliet") && p[2].equals("secret")
                        || p[1].equals("admin") && p[2].equals("root"));
                return CompletableFuture.completedFuture(ok ? SaslStep.success(p[1], null)
                        : SaslStep.failure("not-authorized", p[1]));
            };
        }
    };

    private final ServerInfo server = new ServerInfo() {
        @Override
        public String domain() {
            return "example.org";
        }

        @Override
        public String bindAddress() {
            return "";
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
            return bareJid.equals(Jid.ofPrepared("admin", "example.org", null));
        }
    };

    @Test
    void adminWithTheRightPasswordPasses() {
        assertEquals("admin", Credentials.verifyAdmin(plain, server, "admin", "root", "127.0.0.1"));
        assertEquals("\0admin\0root", messages.get(0), "authzid empty, authcid, password (RFC 4616 §2)");
        assertTrue(contexts.get(0).isSecure());
        assertEquals("example.org", contexts.get(0).domain());
        assertEquals("127.0.0.1", contexts.get(0).remoteAddress());
        assertEquals("admin", Credentials.verifyAdmin(plain, server, "admin@example.org", "root", "127.0.0.1"));
    }

    @Test
    void wrongPasswordNonAdminAndOtherDomainFail() {
        assertNull(Credentials.verifyAdmin(plain, server, "admin", "wrong", "127.0.0.1"));
        assertNull(Credentials.verifyAdmin(plain, server, "juliet", "secret", "127.0.0.1"), "valid, but no admin");
        assertNull(Credentials.verifyAdmin(plain, server, "admin@elsewhere.org", "root", "127.0.0.1"));
        assertNull(Credentials.verifyAdmin(plain, server, "admin", "", "127.0.0.1"));
        assertNull(Credentials.verifyAdmin(plain, server, "admin\0juliet", "root", "127.0.0.1"));
        assertNull(Credentials.verifyAdmin(null, server, "admin", "root", "127.0.0.1"), "no PLAIN service");
    }
}
