package parlance.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Federation with ejabberd from Debian (RFC 6120 s2s over STARTTLS, XEP-0220 dialback: neither server trusts the
 * other's self-signed certificate): messages, subscriptions and presence both ways between {@code localhost}
 * (Parlance) and {@code ejabberd.test}. Parlance reaches ejabberd by a static route; ejabberd reaches Parlance's s2s
 * port (a free one, not 5269) through {@code outgoing_s2s_port}. One ejabberd node and one Parlance serve the class.
 * Skipped when ejabberdctl or openssl is missing, or the tests do not run as root (Debian's ejabberdctl refuses
 * other users).
 */
class FederationEjabberdIT {
    private static FederationEjabberd ejabberd;
    private static FederationParlance parlance;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(FederationEjabberd.installed() && FederationCerts.available(),
                "ejabberd or openssl is not installed (or not usable: ejabberdctl needs root)");
        Path dir = Distribution.freshDir("federation-ejabberd");
        ejabberd = FederationEjabberd.prepare(dir);
        parlance = FederationParlance.start("federation-ej", null, null, "parlance.s2s.secure=false",
                "parlance.s2s.routes=" + ejabberd.route());
        ejabberd.start(parlance.process().port("s2s.port"), "dora", "gus");
        parlance.register("alice", "bob");
    }

    @AfterAll
    static void stop() throws Exception {
        if (parlance != null) {
            parlance.close();
        }
        if (ejabberd != null) {
            ejabberd.close();
        }
    }

    private static String diagnostics() {
        return "Parlance output:\n" + FederationIT.tail(parlance.process().output()) + "\nejabberd log:\n"
                + ejabberd.log();
    }

    @Test
    void messagesBothWays() throws Exception {
        XMPPTCPConnection alice = parlance.login("alice", "desk");
        XMPPTCPConnection dora = ejabberd.login("dora", "phone");
        FederationScenarios.messagesBothWays(alice, dora, FederationEjabberdIT::diagnostics);
        // ejabberd's stream to us authenticated by dialback (we asked ejabberd back over our own stream)
        parlance.process().awaitLine("s2s stream ejabberd.test -> localhost authenticated by dialback", 5000);
    }

    @Test
    void subscriptionsAndPresenceBothWays() throws Exception {
        XMPPTCPConnection bob = parlance.login("bob", "desk");
        XMPPTCPConnection gus = ejabberd.login("gus", "phone");
        FederationScenarios.subscriptionsAndPresence(bob, () -> parlance.login("bob", "laptop"), gus,
                FederationEjabberdIT::diagnostics);
    }
}
