package parlance.boot.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ConfigAdmin in step with {@code <home>/etc/*.cfg}: {@code <pid>.cfg} (Java properties format) feeds PID
 * {@code <pid>}, {@code <factoryPid>~<name>.cfg} a named factory configuration. System properties are laid over
 * the file values (see {@link SystemOverrides}). Files are read once synchronously at boot, before any component
 * starts, then polled: an edited file is applied live, a deleted one reverts its PID to the defaults.
 */
final class ConfigFiles {
    /** Marks configurations owned by a file, so that a deleted file can be told apart. */
    static final String SOURCE = "parlance.cfg.source";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFiles.class);
    private static final Set<String> FRAMEWORK_KEYS = Set.of(Constants.SERVICE_PID, "service.factoryPid",
            "service.bundleLocation");

    private final Path etc;
    private final ConfigurationAdmin cm;
    private final SystemOverrides overrides;
    private final Map<Path, String> seen = new HashMap<>();

    ConfigFiles(Path etc, ConfigurationAdmin cm, SystemOverrides overrides) {
        this.etc = etc;
        this.cm = cm;
        this.overrides = overrides;
    }

    /** Applies every file and every PID named by a system property; returns the number of changed PIDs. */
    synchronized int syncAll() {
        int changed = 0;
        Set<String> pidsWithFiles = new HashSet<>();
        Set<Path> present = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(etc, "*.cfg")) {
            for (Path file : files) {
                present.add(file);
                String name = file.getFileName().toString();
                String pid = name.substring(0, name.length() - ".cfg".length());
                pidsWithFiles.add(pid);
                String stamp = stamp(file);
                if (stamp.equals(seen.get(file))) {
                    continue;
                }
                seen.put(file, stamp);
                changed += apply(pid, read(file), name) ? 1 : 0;
            }
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", etc, e.toString());
        }
        for (Path gone : new HashSet<>(seen.keySet())) {
            if (!present.contains(gone)) {
                seen.remove(gone);
                String name = gone.getFileName().toString();
                String pid = name.substring(0, name.length() - ".cfg".length());
                LOG.info("{} was removed: {} reverts to its defaults", name, pid);
                changed += apply(pid, Map.of(), null) ? 1 : 0;
            }
        }
        for (String pid : overrides.pids()) {
            if (!pidsWithFiles.contains(pid)) {
                changed += apply(pid, Map.of(), null) ? 1 : 0;
            }
        }
        return changed;
    }

    private static String stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
        } catch (IOException e) {
            return "gone";
        }
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable configuration file {}: {}", file, e.toString());
            return Map.of();
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
        return values;
    }

    /** Updates the configuration when the wanted values differ; true when it changed. */
    private boolean apply(String pidOrFactory, Map<String, String> fileValues, String source) {
        try {
            int tilde = pidOrFactory.indexOf('~');
            String pid = tilde < 0 ? pidOrFactory : pidOrFactory.substring(0, tilde);
            Map<String, String> wanted = new TreeMap<>(fileValues);
            wanted.putAll(overrides.forPid(pid));
            Configuration config = tilde < 0 ? cm.getConfiguration(pid, "?")
                    : cm.getFactoryConfiguration(pid, pidOrFactory.substring(tilde + 1), "?");
            Dictionary<String, Object> current = config.getProperties();
            if (source != null) {
                wanted.put(SOURCE, source);
            }
            if (current != null && sameValues(current, wanted)) {
                return false;
            }
            if (current == null && wanted.isEmpty()) {
                return false;
            }
            Hashtable<String, Object> update = new Hashtable<>(wanted);
            config.update(update);
            LOG.debug("Configuration {} applied: {}", pidOrFactory, update.keySet());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot apply configuration {}: {}", pidOrFactory, e.toString());
            return false;
        }
    }

    private static boolean sameValues(Dictionary<String, Object> current, Map<String, String> wanted) {
        Map<String, String> have = new TreeMap<>();
        for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (!FRAMEWORK_KEYS.contains(k)) {
                have.put(k, String.valueOf(current.get(k)));
            }
        }
        return have.equals(wanted);
    }
}
