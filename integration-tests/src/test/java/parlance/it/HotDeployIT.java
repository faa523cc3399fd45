package parlance.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import parlance.api.handler.IqHandler;
import parlance.api.server.ServerInfo;
import parlance.launcher.StartLevels;

/**
 * Hot deployment in a real Felix running the distribution's own bundle set (the resolved parlance.bndrun): a bundle
 * dropped into {@code <home>/deploy/} is installed and its service appears within 2 s; a new version of the same
 * file updates it in place; deleting the file removes service and bundle, and nothing keeps its classes; a bundle
 * that cannot resolve is reported and leaves the server running; an edited {@code etc/*.cfg} applies live.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {
    private static final long DEADLINE_MILLIS = 2000;
    private static final String SAMPLE_FILTER = "(parlance.sample=true)";

    @Inject
    private BundleContext context;

    @Inject
    private ServerInfo server;

    @Configuration
    public Option[] config() throws Exception {
        Path home = Distribution.freshDir("hotdeploy-home");
        Files.createDirectories(home.resolve("etc"));
        Path logback = home.resolve("etc/logback.xml");
        try (InputStream in = StartLevels.class.getResourceAsStream("logback.xml")) {
            Files.copy(in, logback);
        }
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("org.ops4j.pax.url.mvn.repositories").value(""));
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(System.getProperty("maven.repo.local")));
        options.add(systemProperty("parlance.home").value(home.toString()));
        options.add(systemProperty("logback.configurationFile").value(logback.toString()));
        for (String listener : new String[] {"c2s.port", "c2s.tls.port", "s2s.port", "component.port", "http.port"}) {
            options.add(systemProperty("parlance." + listener).value("0"));
        }
        options.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("deploy").toString()));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.jar"));
        options.add(frameworkProperty("felix.fileinstall.poll").value("500"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.start.level").value(String.valueOf(StartLevels.DEPLOYED)));
        // not a framework property: pax-exam builds system.packages.extra from these options and its own
        options.add(systemPackage("sun.misc"));
        options.add(frameworkProperty("felix.log.level").value("1"));
        options.add(frameworkProperty("org.apache.felix.http.enable").value("false"));
        options.add(frameworkStartLevel(StartLevels.BEGINNING));
        for (Path jar : Distribution.runBundles()) {
            String bsn = Distribution.manifestValue(jar, "Bundle-SymbolicName").split(";")[0].trim();
            if (StartLevels.shellOnly(bsn)) {
                continue;
            }
            boolean fragment = Distribution.manifestValue(jar, "Fragment-Host") != null;
            options.add(bundle(jar.toUri().toString()).startLevel(StartLevels.of(bsn)).start(!fragment));
        }
        options.add(junitBundles());
        options.add(cleanCaches());
        return options.toArray(new Option[0]);
    }

    /** The probe holds the whole test-classes folder; only what the test methods use is imported. */
    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder builder) {
        builder.setHeader("Import-Package", "org.osgi.framework,org.osgi.framework.wiring,parlance.api.handler,"
                + "parlance.api.server,javax.inject,org.junit");
        builder.setHeader("DynamicImport-Package", "*");
        return builder;
    }

    @Test
    public void deployUpdateUndeployAndNoLeak() throws Exception {
        Path deploy = server.home().resolve("deploy");
        Path dropped = deploy.resolve("sample.jar");
        assertTrue("deploy/ is made at boot", Files.isDirectory(deploy));

        long t0 = System.nanoTime();
        Files.copy(Distribution.sampleJar(), dropped);
        ServiceReference<IqHandler> v1 = awaitSample(ref -> true);
        long installMs = (System.nanoTime() - t0) / 1_000_000;
        Bundle bundle = v1.getBundle();
        assertEquals("parlance.sample", bundle.getSymbolicName());
        assertEquals(Bundle.ACTIVE, bundle.getState());
        System.out.println("hot deploy: service up " + installMs + " ms after the jar was dropped");
        WeakReference<Class<?>> sampleClass = new WeakReference<>(bundle.loadClass("parlance.sample.internal.HelloHandler"));

        // replace the file with version 9.9.9: the same bundle is updated in place
        Path v2 = deploy.resolveSibling("sample-v2.jar");
        Distribution.rewriteManifest(Distribution.sampleJar(), v2, "Bundle-Version", "9.9.9");
        t0 = System.nanoTime();
        Files.move(v2, dropped, StandardCopyOption.REPLACE_EXISTING);
        ServiceReference<IqHandler> updated = awaitSample(
                ref -> ref.getBundle() != null && ref.getBundle().getVersion().equals(new Version(9, 9, 9)));
        System.out.println("hot deploy: update seen " + (System.nanoTime() - t0) / 1_000_000 + " ms after the copy");
        assertEquals("updated in place, same bundle", bundle.getBundleId(), updated.getBundle().getBundleId());

        // delete the file: service and bundle go
        t0 = System.nanoTime();
        Files.delete(dropped);
        await("sample service gone", () -> sampleRefs().isEmpty());
        await("sample bundle uninstalled", () -> findBundle("parlance.sample") == null);
        System.out.println("hot deploy: removal seen " + (System.nanoTime() - t0) / 1_000_000 + " ms after the delete");
        bundle = null;
        v1 = null;
        updated = null;

        // nobody keeps the departed bundle's classes: after a refresh its class loader can be collected
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null);
        long gcDeadline = System.currentTimeMillis() + 20_000;
        while (sampleClass.get() != null && System.currentTimeMillis() < gcDeadline) {
            System.gc();
            Thread.sleep(100);
        }
        assertNull("the sample bundle's classes are still referenced after it left", sampleClass.get());
    }

    @Test
    public void unresolvableBundleIsReportedAndServerGoesOn() throws Exception {
        Path deploy = server.home().resolve("deploy");
        Path broken = deploy.resolve("broken.jar");
        Path tmp = deploy.resolveSibling("broken.tmp");
        Distribution.rewriteManifest(Distribution.sampleJar(), tmp, "Bundle-SymbolicName", "parlance.broken",
                "Import-Package", "com.example.nowhere;version=\"[1,2)\"");
        Files.move(tmp, broken);
        Path log = server.home().resolve("logs/parlance.log");
        await("one log line names the missing requirement", () -> {
            try {
                String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                return text.contains("parlance.broken") && text.contains("com.example.nowhere");
            } catch (java.io.IOException e) {
                return false;
            }
        }, 5000);
        Bundle b = findBundle("parlance.broken");
        assertNotNull(b);
        assertEquals(Bundle.INSTALLED, b.getState());
        assertNotNull("the server is still up", context.getServiceReference(ServerInfo.class));
        Files.delete(broken);
        await("broken bundle uninstalled", () -> findBundle("parlance.broken") == null);
    }

    @Test
    public void editedConfigurationFileAppliesLive() throws Exception {
        Path cfg = server.home().resolve("etc/parlance.server.cfg");
        assertTrue("the first start wrote commented defaults", Files.readString(cfg).contains("#domain = localhost"));
        assertEquals("localhost", server.domain());
        Files.writeString(cfg, Files.readString(cfg) + "\ndomain = live.example\n");
        await("domain changed without restart", () -> "live.example".equals(currentDomain()), 5000);
        Files.writeString(cfg, Files.readString(cfg).replace("\ndomain = live.example\n", "\n"));
        await("domain back to default", () -> "localhost".equals(currentDomain()), 5000);
    }

    private String currentDomain() {
        ServiceReference<ServerInfo> ref = context.getServiceReference(ServerInfo.class);
        ServerInfo info = ref == null ? null : context.getService(ref);
        return info == null ? null : info.domain();
    }

    private interface RefTest {
        boolean test(ServiceReference<IqHandler> ref);
    }

    private ServiceReference<IqHandler> awaitSample(RefTest test) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            for (ServiceReference<IqHandler> ref : sampleRefs()) {
                if (test.test(ref)) {
                    return ref;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the sample service did not appear as expected within " + DEADLINE_MILLIS + " ms");
    }

    private List<ServiceReference<IqHandler>> sampleRefs() {
        try {
            return new ArrayList<>(context.getServiceReferences(IqHandler.class, SAMPLE_FILTER));
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Bundle findBundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, DEADLINE_MILLIS);
    }

    private static void await(String what, BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + ": not within " + millis + " ms");
            }
            Thread.sleep(20);
        }
    }
}
