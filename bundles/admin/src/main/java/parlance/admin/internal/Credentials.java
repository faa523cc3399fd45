package parlance.admin.internal;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import parlance.api.address.Jid;
import parlance.api.auth.SaslContext;
import parlance.api.auth.SaslMechanism;
import parlance.api.auth.SaslStep;
import parlance.api.server.ServerInfo;

/**
 * Checks console credentials with the server's own {@code PLAIN} mechanism (RFC 4616 §2: {@code authzid NUL authcid
 * NUL passwd}), so the console accepts exactly the XMPP password, prepared and verified like a client login, and
 * never sees a stored credential. Only accounts with the admin role ({@link ServerInfo#isAdmin}) pass.
 */
final class Credentials {
    private static final long TIMEOUT_SECONDS = 10;

    private Credentials() {
    }

    /** The prepared username of a verified administrator, or {@code null}. */
    static String verifyAdmin(SaslMechanism plain, ServerInfo server, String username, String password,
            String remoteAddress) {
        if (plain == null || username == null || password == null || username.isEmpty() || password.isEmpty()
                || username.indexOf('\0') >= 0 || password.indexOf('\0') >= 0) {
            return null;
        }
        String local = username;
        int at = username.indexOf('@');
        if (at >= 0) {
            // a full address is accepted for the served domain only
            if (!username.substring(at + 1).equalsIgnoreCase(server.domain())) {
                return null;
            }
            local = username.substring(0, at);
        }
        byte[] message = ("\0" + local + "\0" + password).getBytes(StandardCharsets.UTF_8);
        SaslStep step;
        try {
            step = plain.start(context(server.domain(), remoteAddress)).evaluate(message).toCompletableFuture()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
        if (step.kind() != SaslStep.Kind.SUCCESS || step.username() == null) {
            return null;
        }
        return server.isAdmin(Jid.ofPrepared(step.username(), server.domain(), null)) ? step.username() : null;
    }

    /** The console's request counts as a secure channel: PLAIN refuses nothing else, and HTTP is admin-local. */
    private static SaslContext context(String domain, String remoteAddress) {
        return new SaslContext() {
            @Override
            public String domain() {
                return domain;
            }

            @Override
            public boolean isSecure() {
                return true;
            }

            @Override
            public Set<String> channelBindingTypes() {
                return Set.of();
            }

            @Override
            public byte[] channelBinding(String type) {
                return null;
            }

            @Override
            public String remoteAddress() {
                return remoteAddress;
            }
        };
    }
}
