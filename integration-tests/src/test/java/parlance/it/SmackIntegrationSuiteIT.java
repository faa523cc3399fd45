package parlance.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.X509TrustManager;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.jivesoftware.smack.SmackConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Smack's own published integration test suite ({@code smack-integration-test}, "sinttest") against the packaged
 * server: accounts are created by in-band registration (XEP-0077) on the unauthenticated stream, every connection
 * negotiates STARTTLS (required) against the server's self-signed certificate and authenticates with SASL.
 * <p>
 * The whole suite runs (every test class the framework finds; the ones whose service the server does not offer –
 * MUC, PubSub, MAM, HTTP upload… – declare themselves "not possible" and are counted as skipped), bounded by
 * {@link #BUDGET}. The result is printed as one summary line plus a line per failure, and written to
 * {@code target/smack-suite-report.txt}.
 * <p>
 * Asserted: no test of RFC 6120 (XMPP Core) or RFC 6121 (XMPP IM) fails (see {@link SmackSuiteResults#isCore}),
 * and the number of passed tests does not fall below {@link #PASSED_FLOOR}. Other failures are reported only.
 */
@ExtendWith(SharedServer.class)
class SmackIntegrationSuiteIT {
    /**
     * Passed tests of the suite on the current server: 104 (2026-11-26, clean-clone CI: 104 passed, 0 failed, 6
     * skipped – four OMEMO classes without a client-side OMEMO service, the disabled modular connection, and IoT
     * discovery without a registry); with MUC's 56 tests, PEP/PubSub/entity caps/OX, MAM, ad-hoc commands, SI file
     * transfer through the SOCKS5 proxy and IBB, and HTTP upload. Its pass count only goes up: raise this when the
     * server passes more of the suite, never lower it to make a build green.
     */
    static final int PASSED_FLOOR = 104;

    /**
     * Tests that fail now and then because of bugs of the Smack 4.5.0-beta5 client, not of the server (the newest
     * Smack integration suite on Maven Central here), each with a text its failure must contain to count as that
     * bug (empty: any failure). Such a failure is reported but does not count against {@link #PASSED_FLOOR}, nor
     * as a failed RFC 6120/6121 test; the tests still run and count when they pass.
     * <ul>
     * <li>The two MUC tests: fixed upstream by Smack commit 6b67c8a1e, "[muc] Fix deadlock on join/leave cycle",
     * in 4.5.0-beta6. A thread dump of the test JVM during a failed mucLeaveTest shows the server's reply unread
     * because Smack's reader waits for a listener blocked on the MultiUserChat lock the joining thread holds; the
     * server sent the reply within 1 ms.</li>
     * <li>testPresenceEventListenersOffline disconnects right after a roster push reached the client. Smack
     * answers IQ requests on another thread; when that answer is queued while {@code connect()} restarts the
     * writer, Smack writes it on the new connection before its stream header. Captured with
     * {@code -Dsinttest.enabledTests=LowLevelRosterIntegrationTest -Dsinttest.debugger=console} (1 of 17 runs
     * under CPU load): {@code SENT <iq id='push9' type='result'/>}, then {@code <stream:stream ...>}; the
     * server answers invalid-namespace, as RFC 6120 §4.8.1 and §4.9.3.10 say for a stream that does not start
     * with a header in the streams namespace. Any other failure of that test still counts.</li>
     * </ul>
     */
    static final Map<String, String> CLIENT_FLAKES = Map.of(
            "MultiUserChatOccupantIntegrationTest.mucLeaveTest", "",
            "MultiUserChatOccupantIntegrationTest.mucMaxUsersLimitJoinRoomTest", "",
            "LowLevelRosterIntegrationTest.testPresenceEventListenersOffline", "StreamErrorException: invalid-namespace");

    /** Wall-clock bound of the whole suite run (CI budget of this test is about five minutes). */
    static final Duration BUDGET = Duration.ofMinutes(4);

    /** Per-request reply timeout of the framework; a local server answers in milliseconds. */
    static final int REPLY_TIMEOUT_MILLIS = 5_000;

    /**
     * Test classes not run, with the reason (framework syntax: simple or qualified class name; note that the
     * framework's {@code Class.method} form disables the whole class anyway). Each entry is an open finding.
     */
    static final Map<String, String> DISABLED = Map.of(
            "ModularXmppClientToServerConnectionLowLevelIntegrationTest",
            "Smack 4.5.0-beta5's modular (NIO) connection stalls in STARTTLS in ~5-15% of connects; client-side: "
                    + "a capture shows the server's <proceed/> within 1 ms and then no ClientHello from the client "
                    + "(XmppTcpTransportModule's reactor resets the key's interest ops to OP_READ after its callback, "
                    + "overwriting the OP_WRITE that EstablishTlsState set after beginHandshake). Nothing the server "
                    + "may send before the ClientHello can wake it (RFC 6120 §5.4.3.3); enable again with a fixed Smack");

    @Test
    void smackIntegrationSuite() throws Exception {
        ServerProcess server = SharedServer.get();
        X509TrustManager tls = SmackSuiteConnections.trusting(server.home().resolve("etc/tls/localhost.crt"));
        SmackSuiteConnections.install(server.port("c2s.port"), tls);

        Configuration.Builder builder = Configuration.builder()
                .setService(SharedServer.DOMAIN)
                .setSecurityMode("required")
                .setReplyTimeout(Integer.toString(REPLY_TIMEOUT_MILLIS))
                .setDefaultConnection(SmackSuiteConnections.TCP)
                // generic low-level tests on the classic TCP connection only; the modular connection keeps its
                // own specific test. Repeating the low-level tests on it (-Dsinttest.enabledConnections=tcp,modular)
                // adds 4 passes but its STARTTLS now and then stalls ("waiting for TLS handshake to finish" /
                // "stream features after TLS established"), which aborts the whole run: open finding, see report
                .setEnabledConnections(System.getProperty("sinttest.enabledConnections", SmackSuiteConnections.TCP))
                .setVerbose(true)
                // the suite's own HTTPS clients (HTTP upload) trust exactly the server's self-signed certificate
                .setServiceTlsPin(pin(server.home().resolve("etc/tls/localhost.crt")));
        if (!DISABLED.isEmpty()) {
            builder.setDisabledTests(String.join(",", DISABLED.keySet()));
        }
        // for a developer chasing one failure: -Dsinttest.enabledTests=VersionIntegrationTest -Dsinttest.debugger=console
        String selection = System.getProperty("sinttest.enabledTests");
        builder.setEnabledTests(selection);
        builder.setDebugger(System.getProperty("sinttest.debugger"));
        Configuration config = builder.build();

        BoundedFramework framework = new BoundedFramework(config);
        long previousReplyTimeout = SmackConfiguration.getDefaultReplyTimeout();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "smack-sinttest");
            t.setDaemon(true);
            return t;
        });
        String abort = null;
        try {
            Future<?> run = runner.submit(() -> {
                framework.run();
                return null;
            });
            try {
                run.get(BUDGET.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                run.cancel(true);
                abort = "suite did not finish within " + BUDGET + "; results below are partial";
            } catch (ExecutionException e) {
                abort = "suite aborted: " + SmackSuiteResults.describe(e.getCause());
            }
        } finally {
            runner.shutdownNow();
            runner.awaitTermination(30, TimeUnit.SECONDS);
            SmackConfiguration.setDefaultReplyTimeout((int) previousReplyTimeout);
        }

        SmackSuiteResults results = SmackSuiteResults.of(framework.result(), DISABLED, abort);
        String report = results.report();
        System.out.println(report);
        SmackSuiteResults.write(reportFile(), report);

        if (abort != null) {
            String out = server.output();
            fail(abort + "\n" + report + "\nserver output (tail):\n"
                    + out.substring(Math.max(0, out.length() - 4000)));
        }
        List<String> coreFailures = results.coreFailures(CLIENT_FLAKES);
        assertTrue(coreFailures.isEmpty(), "RFC 6120/6121 tests of the Smack suite failed:\n"
                + String.join("\n", coreFailures));
        List<String> flaky = results.flakes(CLIENT_FLAKES);
        assertTrue(selection != null || results.passed() + flaky.size() >= PASSED_FLOOR, "passed count "
                + results.passed() + " (+ " + flaky.size() + " known client-side flakes failed: " + flaky
                + ") fell below the floor " + PASSED_FLOOR + "\n" + report);
    }

    /** Java-Pinning's form of a certificate pin: {@code CERTSHA256:} and the hex SHA-256 of its DER encoding. */
    private static String pin(Path crt) throws Exception {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(crt)) {
            byte[] der = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in)
                    .getEncoded();
            return "CERTSHA256:" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(der));
        }
    }

    private static Path reportFile() {
        Path work = Path.of(System.getProperty("parlance.it.work", "target/it-work")).toAbsolutePath();
        return work.getParent().resolve("smack-suite-report.txt");
    }

    /** Gives access to the (possibly partial) result of a run that was stopped at the time bound. */
    static final class BoundedFramework extends SmackIntegrationTestFramework {
        BoundedFramework(Configuration configuration) {
            super(configuration);
        }

        TestRunResult result() {
            return testRunResult;
        }
    }
}
