package parlance.boot.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.osgi.framework.BundleContext;

/**
 * The home folder ({@code parlance.home}, default {@code ./parlance-home}) and its layout: {@code etc/} for
 * configuration, {@code data/} for storage, {@code deploy/} for hot-deployed bundles, {@code logs/}.
 */
final class Home {
    static final String PROPERTY = "parlance.home";

    private final Path root;

    private Home(Path root) {
        this.root = root;
    }

    static Home resolve(BundleContext context) throws IOException {
        String configured = context.getProperty(PROPERTY);
        Path root = Paths.get(configured == null || configured.isBlank() ? "parlance-home" : configured)
                .toAbsolutePath().normalize();
        Home home = new Home(root);
        for (Path dir : new Path[] {home.etc(), home.data(), home.deploy(), home.logs()}) {
            Files.createDirectories(dir);
        }
        return home;
    }

    Path root() {
        return root;
    }

    Path etc() {
        return root.resolve("etc");
    }

    Path data() {
        return root.resolve("data");
    }

    Path deploy() {
        return root.resolve("deploy");
    }

    Path logs() {
        return root.resolve("logs");
    }
}
