package parlance.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One client logging in again and again with SCRAM-SHA-256 over STARTTLS (RFC 6120 §5, §6; RFC 7677): every
 * login succeeds (a correct password is never throttled) and the loop prints its rate, a first figure for the
 * benchmarks (measured properly by benchmarks/load, never asserted here).
 */
@Tag("RFC6120-6")
@Timeout(180)
@ExtendWith(SharedServer.class)
class LoginLoopIT {
    private static final int LOGINS = 100;

    @BeforeAll
    static void scramSha256() {
        SASLAuthentication.registerSASLMechanism(ScramShaMechanism.sha256());
    }

    @AfterAll
    static void unregister() {
        SASLAuthentication.unregisterSASLMechanism(ScramShaMechanism.class.getName());
    }

    @Test
    void aHundredSequentialScramSha256LoginsOverTlsAllSucceed() throws Exception {
        try (Clients clients = new Clients()) {
            Clients.Account a = clients.register();
            long t0 = System.nanoTime();
            for (int i = 0; i < LOGINS; i++) {
                XMPPTCPConnection c = clients.login(a, "loop" + i, b -> b.addEnabledSaslMechanism("SCRAM-SHA-256"));
                assertTrue(c.isAuthenticated(), "login " + i);
                assertTrue(c.getUsedSaslMechansism().contains("SCRAM-SHA-256"), c.getUsedSaslMechansism());
                c.disconnect();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("login loop: %d SCRAM-SHA-256 logins over STARTTLS in %.1f s = %.1f logins/s "
                    + "(one Smack client, sequential, connect+TLS+SASL+bind each)%n", LOGINS, seconds, LOGINS / seconds);
        }
    }
}
