package parlance.it;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One packaged server ({@code java -jar parlance.jar}) shared by every end-to-end test class of a run: started
 * by the first class that asks, with in-band registration open and a known admin password, and stopped with
 * SIGTERM when the run ends. Use {@code @ExtendWith(SharedServer.class)} and {@link #get()}.
 */
public final class SharedServer implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
    public static final String DOMAIN = "localhost";
    public static final String ADMIN_PASSWORD = "admin-secret-it";

    private static volatile SharedServer instance;
    private final ServerProcess process;

    /** For JUnit, which instantiates the extension; the server itself lives in the instance {@link #beforeAll} stores. */
    public SharedServer() {
        this(null);
    }

    private SharedServer(ServerProcess process) {
        this.process = process;
    }

    /** The running server; only valid in a class extended with this extension. */
    public static ServerProcess get() {
        if (instance == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedServer.class)");
        }
        return instance.process;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedServer.class) {
            if (instance == null) {
                Path work = Distribution.freshDir("shared-cwd");
                Path home = Distribution.freshDir("shared-home");
                // every client of the run registers from 127.0.0.1 (Smack's suite alone creates dozens of
                // accounts): no per-address registration cap (PID parlance.c2s, 0 = unlimited); the per-account
                // failed-login delay is kept short so that the throttling tests stay quick
                ServerProcess p = ServerProcess.start(work, home, "parlance.registration=open",
                        "parlance.admin.password=" + ADMIN_PASSWORD, "parlance.domain=" + DOMAIN,
                        "parlance.c2s.registrations.per.ip.per.hour=0", "parlance.c2s.auth.account.delay.millis=100");
                p.awaitLine("Parlance ready", 60_000);
                instance = new SharedServer(p);
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedServer.class.getName(),
                        instance);
            }
        }
    }

    @Override
    public void close() throws Throwable {
        synchronized (SharedServer.class) {
            if (process != null) {
                process.close();
            }
            instance = null;
        }
    }
}
