package parlance.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The home folder: {@code etc/} (configuration, logback.xml), {@code data/}, {@code deploy/} (hot-deployed
 * bundles; seeded with the default optional bundles on the first start), {@code logs/}, {@code cache/}.
 */
final class HomeLayout {
    private final Path home;
    private final boolean firstStart;

    private HomeLayout(Path home, boolean firstStart) {
        this.home = home;
        this.firstStart = firstStart;
    }

    static HomeLayout prepare(Path home) throws IOException {
        boolean first = !Files.isDirectory(home.resolve("deploy"));
        HomeLayout layout = new HomeLayout(home, first);
        for (Path dir : new Path[] {layout.etc(), home.resolve("data"), home.resolve("logs"), layout.deploy()}) {
            Files.createDirectories(dir);
        }
        Path logback = layout.logbackConfig();
        if (!Files.exists(logback)) {
            try (InputStream in = HomeLayout.class.getResourceAsStream("logback.xml")) {
                Files.copy(in, logback);
            }
        }
        return layout;
    }

    /** On the first start only, copies the default optional bundles into deploy/; later the admin owns it. */
    void seedDeploy(Embedded embedded) throws IOException {
        if (!firstStart) {
            return;
        }
        for (Embedded.Entry seed : embedded.seeds()) {
            try (InputStream in = seed.open()) {
                Files.copy(in, deploy().resolve(seed.fileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    Path home() {
        return home;
    }

    Path etc() {
        return home.resolve("etc");
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    Path cache() {
        return home.resolve("cache").resolve("felix");
    }

    Path logbackConfig() {
        return etc().resolve("logback.xml");
    }

    String readFingerprint() {
        try {
            return Files.readString(home.resolve("cache").resolve("fingerprint"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    void writeFingerprint(String fingerprint) throws IOException {
        Files.writeString(home.resolve("cache").resolve("fingerprint"), fingerprint, StandardCharsets.UTF_8);
    }
}
