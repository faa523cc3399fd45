package parlance.stream.internal;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import parlance.api.auth.SaslMechanism;
import parlance.disco.Registration;
import parlance.stream.internal.tls.TlsManager;

/** A c2s server on 127.0.0.1 ephemeral ports with fakes for the other bundles. */
final class TestServer implements AutoCloseable {
    static final String DOMAIN = "example.org";
    final Fakes.RecordingRouter router = new Fakes.RecordingRouter();
    final Fakes.Sessions sessions = new Fakes.Sessions();
    final Fakes.PlusProbe probe = new Fakes.PlusProbe();
    final List<SaslMechanism> mechanisms = new CopyOnWriteArrayList<>(List.of(probe, new Fakes.Plain("secret")));
    final Path tlsDir;
    final TlsManager tls;
    final C2sServer server;
    final int port;
    final int tlsPort;
    final StreamServices services;

    /** The XEP-0077 registration service the streams see; {@code null} = none registered. */
    volatile Registration registration;

    TestServer(Path home, StreamSettings settings, int maxPerIp, int failuresPerIp) throws Exception {
        this(home, settings, maxPerIp, failuresPerIp, null, 0, 0);
    }

    TestServer(Path home, StreamSettings settings, int maxPerIp, int failuresPerIp, Registration registration,
            int registrationsPerIp) throws Exception {
        this(home, settings, maxPerIp, failuresPerIp, registration, registrationsPerIp, 0);
    }

    /** @param accountDelayMillis per-account failed-login delay step (0 = off) */
    TestServer(Path home, StreamSettings settings, int maxPerIp, int failuresPerIp, Registration registration,
            int registrationsPerIp, long accountDelayMillis) throws Exception {
        this(home, settings, maxPerIp, failuresPerIp, registration, registrationsPerIp, accountDelayMillis,
                SmSettings.DEFAULTS);
    }

    /** With stream management / CSI limits. */
    TestServer(Path home, SmSettings sm) throws Exception {
        this(home, new StreamSettings(262144, 5, 0, 60), 0, 0, null, 0, 0, sm);
    }

    TestServer(Path home, StreamSettings settings, int maxPerIp, int failuresPerIp, Registration registration,
            int registrationsPerIp, long accountDelayMillis, SmSettings sm) throws Exception {
        this.registration = registration;
        tlsDir = home.resolve("etc/tls");
        tls = new TlsManager(tlsDir, DOMAIN, "", new SecureRandom());
        tls.start(200);
        StreamServices services = new StreamServices(DOMAIN, settings, new AuthThrottle(failuresPerIp, 60,
                System::nanoTime), () -> router, () -> sessions, Fakes.Preparer::new, () -> mechanisms, tls,
                () -> this.registration, new RegistrationLimiter(registrationsPerIp, 3600, System::nanoTime),
                new AccountThrottle(accountDelayMillis, 60, System::nanoTime), sm);
        this.services = services;
        server = new C2sServer(services, maxPerIp, 128);
        InetSocketAddress a = server.listen("127.0.0.1", 0, false);
        InetSocketAddress b = server.listen("127.0.0.1", 0, true);
        port = a.getPort();
        tlsPort = b.getPort();
    }

    TestServer(Path home) throws Exception {
        this(home, new StreamSettings(262144, 5, 0, 60), 0, 0);
    }

    Path cert() {
        return tlsDir.resolve(DOMAIN + ".crt");
    }

    TestClient client() throws Exception {
        return new TestClient(port, DOMAIN);
    }

    @Override
    public void close() {
        server.close();
        tls.close();
    }
}
