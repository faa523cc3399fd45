package parlance.auth.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.auth.AccountManager;
import parlance.api.server.ServerInfo;
import parlance.api.server.StartupTask;

/**
 * Makes sure the {@code admin} account exists. With {@code password} set (PID {@code parlance.admin}), the account
 * is created with it or its password is changed to it. Without, a missing account is created with a random
 * 20-character password that is logged once at WARN; the password is never logged otherwise. Until the account is
 * in place a {@link StartupTask} holds the {@code Parlance ready} line back, so an admin who reads that line can
 * sign in at once (the key derivations take a noticeable moment on a loaded machine).
 */
@Component(service = {}, immediate = true, configurationPid = AdminConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdminConfig.class)
public final class AdminBootstrap {
    static final String ADMIN = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AccountManager accounts;
    private final ServerInfo server;
    private final AuthSupport support;
    private final Logger log;

    @Activate
    public AdminBootstrap(@Reference AccountManager accounts, @Reference ServerInfo server,
            @Reference AuthSupport support, AdminConfig config, BundleContext context) {
        this(accounts, server, support, LOG);
        holdReady(what -> {
            ServiceRegistration<StartupTask> task = context.registerService(StartupTask.class, () -> what, null);
            return () -> {
                try {
                    task.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the bundle stopped first
                }
            };
        }, apply(config.password()));
    }

    AdminBootstrap(AccountManager accounts, ServerInfo server, AuthSupport support, Logger log) {
        this.accounts = accounts;
        this.server = server;
        this.support = support;
        this.log = log;
    }

    @Modified
    void modified(AdminConfig config) {
        apply(config.password());
    }

    /** Holds the ready line (a hold is taken by {@code hold}, released by the returned action) until work ends. */
    static void holdReady(Function<String, Runnable> hold, CompletionStage<Void> work) {
        Runnable release = hold.apply("the admin account");
        work.whenComplete((ignored, error) -> release.run());
    }

    /** True when the admin account exists and its stored SHA-256 credential matches {@code password}. */
    private CompletionStage<Boolean> alreadySet(String password) {
        ScramAlgorithm sha256 = ScramAlgorithm.SHA_256;
        return support.store().credential(ADMIN, sha256.hashName()).thenApplyAsync(found -> {
            if (found.isEmpty()) {
                return false;
            }
            try {
                return sha256.verify(support.preparer().preparePassword(password), found.get());
            } catch (parlance.api.address.JidFormatException e) {
                return false;
            }
        }, support.executor());
    }

    /** Applies the configured password (or generates one); the returned stage is for tests. */
    CompletionStage<Void> apply(String password) {
        CompletionStage<Void> result;
        if (password != null && !password.isEmpty()) {
            // usually the account exists with this very password (every restart): one key derivation to check it
            // instead of deriving and storing three new credentials each time
            result = alreadySet(password).thenCompose(same -> same ? CompletableFuture.completedFuture(true)
                    : accounts.create(ADMIN, password).thenCompose(created -> created
                            ? CompletableFuture.completedFuture(true) : accounts.changePassword(ADMIN, password)))
                    .thenAccept(ok -> log.info("Account admin@{} has the configured password", server.domain()));
        } else {
            result = accounts.exists(ADMIN).thenCompose(exists -> {
                if (exists) {
                    return CompletableFuture.completedFuture(null);
                }
                String generated = support.newPassword(20);
                return accounts.create(ADMIN, generated).thenAccept(created -> {
                    if (created) {
                        log.warn("Created admin@{} with password {} (shown once; set parlance.admin.password to "
                                + "choose one)", server.domain(), generated);
                    }
                });
            });
        }
        return result.exceptionally(error -> {
            log.error("Could not set up the admin account: {}", error.toString());
            return null;
        });
    }
}
