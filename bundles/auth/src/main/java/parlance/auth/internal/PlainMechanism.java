package parlance.auth.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.JidFormatException;
import parlance.api.auth.SaslContext;
import parlance.api.auth.SaslExchange;
import parlance.api.auth.SaslMechanism;
import parlance.api.auth.SaslStep;
import parlance.api.storage.ScramCredential;

/**
 * SASL PLAIN (RFC 4616), offered only over TLS. The password is prepared with OpaqueString (RFC 8265 §4.2) and
 * checked against the stored SCRAM credential: SaltedPassword is derived with the stored salt and iteration count
 * and StoredKey and ServerKey are compared in constant time. The SHA-256 credential is used (every account made by
 * the account manager has one); unknown users get the same work against a fake credential. Key derivation runs on the bundle's bounded executor.
 */
@Component(service = SaslMechanism.class, property = "parlance.sasl.mechanism=PLAIN")
public final class PlainMechanism implements SaslMechanism {
    private final AuthSupport support;

    @Activate
    public PlainMechanism(@Reference AuthSupport support) {
        this.support = support;
    }

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
        return new SaslExchange() {
            private boolean asked;

            @Override
            public CompletionStage<SaslStep> evaluate(byte[] response) {
                if (response == null && !asked) {
                    asked = true;
                    return CompletableFuture.completedFuture(SaslStep.challenge(new byte[0]));
                }
                try {
                    return authenticate(response, context);
                } catch (SaslFailure f) {
                    return CompletableFuture.completedFuture(SaslStep.failure(f.condition()));
                }
            }
        };
    }

    /** message = [authzid] UTF8NUL authcid UTF8NUL passwd (RFC 4616 §2). */
    private CompletionStage<SaslStep> authenticate(byte[] response, SaslContext context) throws SaslFailure {
        if (response == null) {
            throw SaslFailure.malformed("missing response");
        }
        String m = ScramMessages.utf8(response);
        int n1 = m.indexOf('\0');
        int n2 = n1 < 0 ? -1 : m.indexOf('\0', n1 + 1);
        if (n2 < 0 || m.indexOf('\0', n2 + 1) >= 0 || n2 == n1 + 1 || n2 == m.length() - 1) {
            throw SaslFailure.malformed("PLAIN message needs authzid NUL authcid NUL passwd");
        }
        String authzid = m.substring(0, n1);
        String user;
        String password;
        try {
            user = support.preparer().prepareLocal(m.substring(n1 + 1, n2));
            password = support.preparer().preparePassword(m.substring(n2 + 1));
        } catch (JidFormatException e) {
            throw new SaslFailure(SaslFailure.NOT_AUTHORIZED, "unpreparable username or password");
        }
        if (!support.authzidAllowed(authzid, user, context)) {
            throw new SaslFailure(SaslFailure.INVALID_AUTHZID, "authzid is not the user's bare JID");
        }
        return lookup(user).thenComposeAsync(found -> {
            ScramCredential c = found.orElseGet(() -> support.fakeCredential(user, ScramAlgorithm.SHA_256));
            boolean ok = ScramAlgorithm.forHash(c.hash()).verify(password, c);
            return CompletableFuture.completedFuture(ok && found.isPresent()
                    ? SaslStep.success(user, null) : SaslStep.failure(SaslFailure.NOT_AUTHORIZED, user));
        }, support.executor()).exceptionally(error -> SaslStep.failure(SaslFailure.TEMPORARY));
    }

    private CompletionStage<Optional<ScramCredential>> lookup(String user) {
        try {
            return support.store().credential(user, ScramAlgorithm.SHA_256.hashName());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
