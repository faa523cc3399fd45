package parlance.it;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.igniterealtime.smack.inttest.AbstractSmackIntTest;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.igniterealtime.smack.inttest.TestNotPossible;
import org.igniterealtime.smack.inttest.annotations.SmackIntegrationTest;
import org.igniterealtime.smack.inttest.annotations.SpecificationReference;

/** Counts and describes the outcome of one run of Smack's integration test suite. */
final class SmackSuiteResults {
    /**
     * Test classes of the suite that exercise XMPP Core (RFC 6120) or XMPP IM (RFC 6121) but carry no
     * {@link SpecificationReference} in Smack 4.5.0-beta5: login/SASL and stream close (RFC 6120 §4, §6),
     * connect/disconnect of both connection implementations, message routing between clients (RFC 6120 §8,
     * RFC 6121 §5) and roster pushes (RFC 6121 §2). StreamManagementTest (XEP-0198) is deliberately not here.
     */
    static final Set<String> CORE_UNANNOTATED = Set.of(
            "org.jivesoftware.smack.LoginIntegrationTest",
            "org.jivesoftware.smack.WaitForClosingStreamElementTest",
            "org.jivesoftware.smack.XmppConnectionIntegrationTest",
            "org.jivesoftware.smack.ChatTest",
            "org.jivesoftware.smack.c2s.SimpleXmppConnectionIntegrationTest",
            "org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionLowLevelIntegrationTest",
            "org.jivesoftware.smack.chat2.IncomingMessageListenerIntegrationTest",
            "org.jivesoftware.smack.chat2.OutgoingMessageListenerIntegrationTest",
            "org.jivesoftware.smack.roster.LowLevelRosterIntegrationTest");

    /** A failed test: {@code SimpleClassName.method}, its report line, and whether it is an RFC 6120/6121 test. */
    private record Failure(String key, String line, boolean core) {
    }

    private final List<String> passed = new ArrayList<>();
    private final List<Failure> failed = new ArrayList<>();
    /** Core classes that could not even start. */
    private final List<String> coreImpossible = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final String abort;

    private SmackSuiteResults(String abort) {
        this.abort = abort;
    }

    /** True for test classes of RFC 6120/6121: by their spec annotation, or listed in {@link #CORE_UNANNOTATED}. */
    static boolean isCore(Class<?> testClass) {
        SpecificationReference spec = testClass.getAnnotation(SpecificationReference.class);
        if (spec != null) {
            String doc = spec.document().replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
            if (doc.equals("RFC6120") || doc.equals("RFC6121")) {
                return true;
            }
        }
        return CORE_UNANNOTATED.contains(testClass.getName());
    }

    static SmackSuiteResults of(TestRunResult run, Map<String, String> disabled, String abort) {
        SmackSuiteResults r = new SmackSuiteResults(abort);
        if (run == null) {
            return r;
        }
        run.getSuccessfulTests().forEach(t -> r.passed.add(t.concreteTest.toString()));
        for (FailedTest t : List.copyOf(run.getFailedTests())) {
            Class<?> c = t.concreteTest.getMethod().getDeclaringClass();
            r.failed.add(new Failure(c.getSimpleName() + "." + t.concreteTest.getMethod().getName(),
                    tag(c) + t.concreteTest + ": " + describe(t.failureReason), isCore(c)));
        }
        for (TestNotPossible t : List.copyOf(run.getNotPossibleTests())) {
            r.skipped.add(t.concreteTest + ": not possible: " + t.testNotPossibleException.getMessage());
        }
        for (Map.Entry<Class<? extends AbstractSmackIntTest>, Throwable> e : run.getImpossibleTestClasses()
                .entrySet()) {
            String line = tag(e.getKey()) + e.getKey().getSimpleName() + " (" + testMethods(e.getKey())
                    + " tests): class not possible: " + describe(e.getValue());
            r.skipped.add(line);
            if (isCore(e.getKey())) {
                // a core class that cannot even start is a failure of the server, not an optional feature
                r.coreImpossible.add(line);
            }
        }
        disabled.forEach((test, why) -> r.skipped.add(test + ": disabled by the harness: " + why));
        return r;
    }

    private static String tag(Class<?> testClass) {
        return isCore(testClass) ? "[RFC 6120/6121] " : "";
    }

    private static long testMethods(Class<?> testClass) {
        return Arrays.stream(testClass.getMethods()).filter(m -> m.isAnnotationPresent(SmackIntegrationTest.class))
                .map(Method::getName).count();
    }

    /** Exception class and message, with the causes' messages, on one line. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 600; c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage().replaceAll("\\s+", " ").trim());
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.length() > 600 ? sb.substring(0, 600) + "…" : sb.toString();
    }

    int passed() {
        return passed.size();
    }

    /**
     * The failures of known client-side flakes: {@code flakes} maps {@code SimpleClassName.method} to a text its
     * failure must contain (empty: any failure of that test).
     */
    List<String> flakes(Map<String, String> flakes) {
        return failed.stream().filter(f -> isFlake(f, flakes)).map(Failure::key).toList();
    }

    /** RFC 6120/6121 tests that failed (other than by a known client flake), and core classes that could not run. */
    List<String> coreFailures(Map<String, String> flakes) {
        List<String> core = new ArrayList<>(coreImpossible);
        failed.stream().filter(f -> f.core() && !isFlake(f, flakes)).forEach(f -> core.add(f.line()));
        return core;
    }

    private static boolean isFlake(Failure f, Map<String, String> flakes) {
        String signature = flakes.get(f.key());
        return signature != null && f.line().contains(signature);
    }

    String summary() {
        return "Smack integration suite: " + passed.size() + " passed, " + failed.size() + " failed, "
                + skipped.size() + " skipped";
    }

    /** Summary line first, then every failure with its reason, then what was skipped and why. */
    String report() {
        StringBuilder sb = new StringBuilder(summary()).append('\n');
        if (abort != null) {
            sb.append("ABORTED: ").append(abort).append('\n');
        }
        failed.forEach(f -> sb.append("FAILED  ").append(f.line()).append('\n'));
        skipped.forEach(s -> sb.append("SKIPPED ").append(s).append('\n'));
        passed.forEach(p -> sb.append("PASSED  ").append(p).append('\n'));
        return sb.toString();
    }

    static void write(Path file, String report) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, report, StandardCharsets.UTF_8);
    }
}
