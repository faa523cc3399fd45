package parlance.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Federation with Prosody authenticated by certificates (XEP-0178 SASL EXTERNAL, RFC 6125 identity check): a test
 * CA signs a certificate for {@code localhost} (Parlance, {@code secure=true}, the CA as its s2s {@code trust.file})
 * and one for {@code prosody.test} (Prosody, {@code s2s_secure_auth = true}, the CA as its {@code cafile}). Each
 * server's stream to the other authenticates with EXTERNAL, never dialback, and messages flow both ways. Parlance
 * listens on 5269 (Prosody resolves {@code localhost} on the default port). Skipped when prosody or openssl is
 * missing or the port stays taken.
 */
class FederationExternalIT {
    private static FederationProsody prosody;
    private static FederationParlance parlance;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(FederationProsody.installed() && FederationCerts.available(), "prosody or openssl is not installed");
        assumeTrue(FederationIT.awaitPortFree(5269, 180),
                "port 5269 is taken: Prosody finds Parlance only on the default s2s port");
        Path dir = Distribution.freshDir("federation-external");
        Path ca = FederationCerts.ca(dir.resolve("ca"));
        Path prosodyCerts = dir.resolve("prosody-certs");
        FederationCerts.signed(dir.resolve("ca"), prosodyCerts, FederationProsody.DOMAIN, FederationProsody.MUC);
        Path parlanceCerts = dir.resolve("parlance-certs");
        FederationCerts.signed(dir.resolve("ca"), parlanceCerts, FederationParlance.DOMAIN);
        prosody = FederationProsody.start(dir, prosodyCerts, ca, "carol");
        parlance = FederationParlance.start("federation-external", parlanceCerts, ca, "parlance.s2s.port=5269",
                "parlance.s2s.secure=true", "parlance.s2s.routes=" + prosody.routes());
        parlance.register("alice");
    }

    @AfterAll
    static void stop() throws Exception {
        if (parlance != null) {
            parlance.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    private static String diagnostics() {
        return "Parlance output:\n" + FederationIT.tail(parlance.process().output()) + "\nProsody log:\n"
                + prosody.log();
    }

    @Test
    void bothStreamsAuthenticateWithSaslExternalAndMessagesFlow() throws Exception {
        XMPPTCPConnection alice = parlance.login("alice", "desk");
        XMPPTCPConnection carol = prosody.login("carol", "phone");
        FederationScenarios.messagesBothWays(alice, carol, FederationExternalIT::diagnostics);

        // Prosody -> Parlance: we offered EXTERNAL (Prosody's certificate chains to the CA and names prosody.test)
        parlance.process().awaitLine(
                "s2s stream prosody.test -> localhost authenticated by certificate (SASL EXTERNAL)", 5000);
        // Parlance -> Prosody: Prosody offered EXTERNAL and accepted our certificate for localhost
        String log = prosody.fullLog();
        assertTrue(log.contains("Accepting SASL EXTERNAL identity from localhost"),
                () -> "Prosody did not accept our certificate; " + diagnostics());
        assertFalse(log.contains("asking localhost if key"), () -> "we fell back to dialback; " + diagnostics());
        assertFalse(parlance.process().output().contains("authenticated by dialback"),
                () -> "Prosody fell back to dialback; " + diagnostics());
    }
}
