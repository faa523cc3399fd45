package parlance.boot.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maps {@code parlance.*} system properties onto configuration PIDs, so that components see one typed
 * configuration whether a value came from a {@code etc/*.cfg} file or from the command line (system properties
 * win). The rule: {@code <pid>.<key>} overrides {@code key} of PID {@code <pid>} (e.g. {@code parlance.c2s.port}
 * → PID {@code parlance.c2s}, key {@code port}; {@code parlance.c2s.tls.port} → key {@code tls.port}), and a
 * single-segment {@code parlance.<key>} (domain, bind, registration) belongs to PID {@code parlance.server}.
 */
final class SystemOverrides {
    static final String SERVER_PID = "parlance.server";
    private static final String PREFIX = "parlance.";
    /** Launcher-only properties that are no configuration. */
    private static final Set<String> IGNORED = Set.of("parlance.home", "parlance.shell");

    private final Map<String, String> properties;

    SystemOverrides(Map<String, String> properties) {
        Map<String, String> own = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && !IGNORED.contains(k)) {
                own.put(k, v);
            }
        });
        this.properties = own;
    }

    static SystemOverrides fromSystem() {
        Map<String, String> all = new TreeMap<>();
        System.getProperties().forEach((k, v) -> all.put(String.valueOf(k), String.valueOf(v)));
        return new SystemOverrides(all);
    }

    /** The overriding values for one PID, keyed by configuration key. */
    Map<String, String> forPid(String pid) {
        Map<String, String> result = new TreeMap<>();
        String pidPrefix = pid + ".";
        properties.forEach((k, v) -> {
            if (k.startsWith(pidPrefix)) {
                result.put(k.substring(pidPrefix.length()), v);
            } else if (SERVER_PID.equals(pid) && k.indexOf('.', PREFIX.length()) < 0) {
                result.put(k.substring(PREFIX.length()), v);
            }
        });
        return result;
    }

    /** The PIDs the system properties name by the shortest rule, so their configurations exist from the start. */
    Set<String> pids() {
        Set<String> pids = new TreeSet<>();
        for (String k : properties.keySet()) {
            int dot = k.indexOf('.', PREFIX.length());
            pids.add(dot < 0 ? SERVER_PID : k.substring(0, dot));
        }
        return pids;
    }
}
