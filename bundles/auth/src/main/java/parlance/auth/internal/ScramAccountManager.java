package parlance.auth.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import parlance.api.address.JidFormatException;
import parlance.api.auth.AccountManager;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionManager;
import parlance.api.stanza.StreamError;
import parlance.api.storage.ScramCredential;

/**
 * Account administration: prepares the username (RFC 7622 §3.3) and password (RFC 8265 §4.2), derives SCRAM
 * credentials for SHA-1, SHA-256 and SHA-512 (RFC 5802 §3, RFC 7677) with a fresh salt and the configured
 * iteration count, and stores only those. Key derivation runs on the bundle's bounded executor. Deleting an
 * account also closes its sessions when a {@link SessionManager} is present.
 */
@Component(service = AccountManager.class)
public final class ScramAccountManager implements AccountManager {
    private final AuthSupport support;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SessionManager sessions;

    @Activate
    public ScramAccountManager(@Reference AuthSupport support) {
        this.support = support;
    }

    /** For tests: with a session table. */
    ScramAccountManager(AuthSupport support, SessionManager sessions) {
        this.support = support;
        this.sessions = sessions;
    }

    @Override
    public CompletionStage<Boolean> create(String username, String password) {
        return withCredentials(username, password, (user, creds) -> support.store().create(user, creds));
    }

    @Override
    public CompletionStage<Boolean> changePassword(String username, String password) {
        return withCredentials(username, password, (user, creds) -> support.store().setCredentials(user, creds));
    }

    @Override
    public CompletionStage<Boolean> delete(String username) {
        String user;
        try {
            user = support.preparer().prepareLocal(username);
        } catch (JidFormatException e) {
            return CompletableFuture.failedFuture(e);
        }
        return support.store().delete(user).thenApply(deleted -> {
            SessionManager sm = sessions;
            if (deleted && sm != null) {
                for (ClientSession s : sm.all()) {
                    if (user.equals(s.jid().local())) {
                        s.close(StreamError.NOT_AUTHORIZED, "Account deleted");
                    }
                }
            }
            return deleted;
        });
    }

    @Override
    public CompletionStage<Boolean> exists(String username) {
        try {
            return support.store().exists(support.preparer().prepareLocal(username));
        } catch (JidFormatException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<List<String>> list(String query, int offset, int limit) {
        return support.store().list(query == null ? "" : query, offset, limit);
    }

    /** Derives one credential per hash from the prepared password (RFC 5802 §3); salts are fresh each time. */
    List<ScramCredential> credentials(String preparedPassword) {
        int iterations = support.iterations();
        List<ScramCredential> creds = new ArrayList<>(3);
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            creds.add(a.credential(preparedPassword, support.newSalt(), iterations));
        }
        return creds;
    }

    private interface StoreCall {
        CompletionStage<Boolean> apply(String user, List<ScramCredential> credentials);
    }

    private CompletionStage<Boolean> withCredentials(String username, String password, StoreCall call) {
        String user;
        String pw;
        try {
            user = support.preparer().prepareLocal(username);
            pw = support.preparer().preparePassword(password);
        } catch (JidFormatException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> credentials(pw), support.executor())
                .thenCompose(creds -> call.apply(user, creds));
    }
}
