package parlance.bench.load;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} options. */
final class Args {
    private final Map<String, String> map = new HashMap<>();
    final String command;

    Args(String[] argv) {
        command = argv.length > 0 ? argv[0] : "help";
        for (int i = 1; i < argv.length; i++) {
            String k = argv[i];
            if (!k.startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + k);
            }
            String v = i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[++i] : "true";
            map.put(k.substring(2), v);
        }
    }

    String str(String k, String def) {
        return map.getOrDefault(k, def);
    }

    int integer(String k, int def) {
        return map.containsKey(k) ? Integer.parseInt(map.get(k)) : def;
    }

    long lng(String k, long def) {
        return map.containsKey(k) ? Long.parseLong(map.get(k)) : def;
    }
}
