package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Federation with Prosody from Debian (RFC 6120 s2s) when the servers do not trust each other's certificates (both
 * self-signed, Parlance {@code secure=false}, Prosody {@code s2s_secure_auth = false}): streams authenticate by
 * XEP-0220 dialback over STARTTLS, in both directions. One Prosody ({@code prosody.test} with the MUC component
 * {@code conference.prosody.test}) and one Parlance ({@code localhost}) serve all tests of the class, each test
 * with its own users. Parlance reaches Prosody by static routes; Prosody reaches Parlance by resolving
 * {@code localhost} on the default port 5269, so Parlance's s2s listener is on 5269 here (and the class waits a
 * while for that port when another test holds it). Skipped when prosody or openssl is missing.
 */
class FederationIT {
    private static FederationProsody prosody;
    private static FederationParlance parlance;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(FederationProsody.installed() && FederationCerts.available(), "prosody or openssl is not installed");
        assumeTrue(awaitPortFree(5269, 180), "port 5269 is taken: Prosody finds Parlance only on the default s2s port");
        Path dir = Distribution.freshDir("federation-prosody");
        Path certs = dir.resolve("certs");
        FederationCerts.selfSigned(certs, FederationProsody.DOMAIN, FederationProsody.MUC);
        prosody = FederationProsody.start(dir, certs, null, "carol", "dave", "frank", "hank");
        parlance = FederationParlance.start("federation", null, null, "parlance.s2s.port=5269",
                "parlance.s2s.secure=false", "parlance.s2s.routes=" + prosody.routes());
        parlance.register("alice", "bob", "erin", "gina");
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

    /** Polls up to {@code seconds} for the port (another federation test class may be using it right now). */
    static boolean awaitPortFree(int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!FederationParlance.portFree(port)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        return true;
    }

    private static String diagnostics() {
        return "Parlance output:\n" + tail(parlance.process().output()) + "\nProsody log:\n" + prosody.log();
    }

    static String tail(String text) {
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    /**
     * A chat message from a Parlance user to a Prosody user and the reply; both s2s streams (ours to Prosody, and
     * Prosody's to us) authenticate by dialback, as neither certificate is trusted.
     */
    @Test
    void messagesBothWaysOverDialback() throws Exception {
        XMPPTCPConnection alice = parlance.login("alice", "desk");
        XMPPTCPConnection carol = prosody.login("carol", "phone");
        FederationScenarios.messagesBothWays(alice, carol, FederationIT::diagnostics);
        // XEP-0220 §2.1: Prosody's stream to us was checked by asking Prosody back (db:verify over our stream)
        parlance.process().awaitLine("s2s stream prosody.test -> localhost authenticated by dialback", 5000);
        // and our stream to Prosody was checked by Prosody asking us back
        assertTrue(prosody.fullLog().contains("asking localhost if key"), () -> "Prosody did not check our dialback "
                + "key; " + diagnostics());
    }

    /** Roster subscriptions both ways between a Parlance and a Prosody user; presence and its end both ways. */
    @Test
    void subscriptionsAndPresenceBothWays() throws Exception {
        XMPPTCPConnection bob = parlance.login("bob", "desk");
        XMPPTCPConnection dave = prosody.login("dave", "phone");
        FederationScenarios.subscriptionsAndPresence(bob, () -> parlance.login("bob", "laptop"), dave,
                FederationIT::diagnostics);
    }

    /**
     * XEP-0045 across servers: a Parlance user joins a room a Prosody user created on Prosody's MUC service, sees
     * that occupant (and is seen), and the two exchange groupchat messages through the room.
     */
    @Test
    void parlanceUserInAProsodyRoom() throws Exception {
        XMPPTCPConnection erin = parlance.login("erin", "desk");
        XMPPTCPConnection frank = prosody.login("frank", "phone");
        FederationRoom.meet(frank, erin, JidCreate.entityBareFrom("lobby@" + FederationProsody.MUC),
                FederationIT::diagnostics).guestLeaves();
    }

    /**
     * IQs across servers (RFC 6120 §8.2.3, routed as RFC 6121 §8.5 says): a Parlance user asks Prosody's server for
     * its identity (XEP-0030) and software (XEP-0092); a Prosody user asks Parlance's server the same and pings the
     * Parlance user's full address (XEP-0199), which that user's client answers; an IQ to a resource that is not
     * online comes back as service-unavailable (RFC 6121 §8.5.3.2.3) over the federation link.
     */
    @Test
    void iqsBothWays() throws Exception {
        XMPPTCPConnection gina = parlance.login("gina", "desk");
        XMPPTCPConnection hank = prosody.login("hank", "phone");
        DomainBareJid prosodyServer = JidCreate.domainBareFrom(FederationProsody.DOMAIN);
        DomainBareJid parlanceServer = JidCreate.domainBareFrom("localhost");

        DiscoverInfo prosodyInfo = ServiceDiscoveryManager.getInstanceFor(gina).discoverInfo(prosodyServer);
        assertTrue(prosodyInfo.hasIdentity("server", "im"), () -> "Prosody's identities: " + prosodyInfo.getIdentities());
        assertEquals("Prosody", VersionManager.getInstanceFor(gina).getVersion(prosodyServer).getName());

        DiscoverInfo parlanceInfo = ServiceDiscoveryManager.getInstanceFor(hank).discoverInfo(parlanceServer);
        assertTrue(parlanceInfo.hasIdentity("server", "im"), () -> "Parlance's identities: "
                + parlanceInfo.getIdentities());
        assertEquals("Parlance", VersionManager.getInstanceFor(hank).getVersion(parlanceServer).getName());

        assertTrue(PingManager.getInstanceFor(hank).ping(gina.getUser()), "gina's client answers hank's ping");
        EntityFullJid gone = JidCreate.entityFullFrom(gina.getUser().asEntityBareJid(), Resourcepart.from("gone"));
        XMPPException.XMPPErrorException error = assertThrows(XMPPException.XMPPErrorException.class,
                () -> VersionManager.getInstanceFor(hank).getVersion(gone));
        assertEquals(StanzaError.Condition.service_unavailable, error.getStanzaError().getCondition());
    }
}
