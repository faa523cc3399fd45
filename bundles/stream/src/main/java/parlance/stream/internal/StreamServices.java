package parlance.stream.internal;

import io.netty.util.concurrent.FastThreadLocal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import parlance.api.address.AddressPreparer;
import parlance.api.auth.SaslMechanism;
import parlance.api.router.Router;
import parlance.api.session.SessionManager;
import parlance.disco.Registration;
import parlance.stream.internal.tls.TlsManager;

/**
 * Everything one c2s server shares between its connections: the served domain, the current services (suppliers,
 * since the references are dynamic), the TLS identity, the login throttle and the limits. No static state: each
 * server instance (and each test) has its own.
 */
final class StreamServices {
    final String domain;
    final StreamSettings settings;
    final AuthThrottle throttle;
    final AccountThrottle accountThrottle;
    final SecureRandom random = new SecureRandom();
    private final Supplier<Router> router;
    private final Supplier<SessionManager> sessions;
    private final Supplier<AddressPreparer> preparer;
    private final Supplier<List<SaslMechanism>> mechanisms;
    private final TlsManager tls;
    private final Supplier<Registration> registration;
    final RegistrationLimiter registrations;
    /** XEP-0198/XEP-0352 limits. */
    final SmSettings sm;
    /** Sessions that may be resumed (XEP-0198 §5), and the timer of held ones. */
    final Resumptions resumptions = new Resumptions();
    /** An 8 KiB scratch array per event-loop thread, to copy direct buffers into for the parser. */
    private final FastThreadLocal<byte[]> scratch = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[8192];
        }
    };

    StreamServices(String domain, StreamSettings settings, AuthThrottle throttle, Supplier<Router> router,
            Supplier<SessionManager> sessions, Supplier<AddressPreparer> preparer,
            Supplier<List<SaslMechanism>> mechanisms, TlsManager tls) {
        this(domain, settings, throttle, router, sessions, preparer, mechanisms, tls, () -> null,
                new RegistrationLimiter(0, 3600, System::nanoTime), new AccountThrottle(0, 300, System::nanoTime));
    }

    /**
     * @param registration the in-band registration service (XEP-0077 §3.1), supplying {@code null} when absent
     * @param registrations the per-address cap on account creations
     * @param accountThrottle the per-account delay of failed logins
     */
    StreamServices(String domain, StreamSettings settings, AuthThrottle throttle, Supplier<Router> router,
            Supplier<SessionManager> sessions, Supplier<AddressPreparer> preparer,
            Supplier<List<SaslMechanism>> mechanisms, TlsManager tls, Supplier<Registration> registration,
            RegistrationLimiter registrations, AccountThrottle accountThrottle) {
        this(domain, settings, throttle, router, sessions, preparer, mechanisms, tls, registration, registrations,
                accountThrottle, SmSettings.DEFAULTS);
    }

    /** @param sm stream management and client state indication limits */
    StreamServices(String domain, StreamSettings settings, AuthThrottle throttle, Supplier<Router> router,
            Supplier<SessionManager> sessions, Supplier<AddressPreparer> preparer,
            Supplier<List<SaslMechanism>> mechanisms, TlsManager tls, Supplier<Registration> registration,
            RegistrationLimiter registrations, AccountThrottle accountThrottle, SmSettings sm) {
        this.sm = sm;
        this.accountThrottle = accountThrottle;
        this.registration = registration;
        this.registrations = registrations;
        this.domain = domain;
        this.settings = settings;
        this.throttle = throttle;
        this.router = router;
        this.sessions = sessions;
        this.preparer = preparer;
        this.mechanisms = mechanisms;
        this.tls = tls;
    }

    Router router() {
        return router.get();
    }

    SessionManager sessions() {
        return sessions.get();
    }

    AddressPreparer preparer() {
        return preparer.get();
    }

    /** The registered mechanisms, most preferred first. */
    List<SaslMechanism> mechanisms() {
        return mechanisms.get();
    }

    /** The in-band registration service, or {@code null} when none is registered. */
    Registration registration() {
        return registration.get();
    }

    /** The TLS identity manager, or {@code null} when TLS is off. */
    TlsManager tls() {
        return tls;
    }

    byte[] scratch() {
        return scratch.get();
    }

    /** A fresh unguessable identifier (stream ids, RFC 6120 §4.7.3; generated resources). */
    String newId(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
