package parlance.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the results file of run.sh (lines {@code server<TAB>rep<TAB>RESULT scenario=... k=v ...}) into one
 * markdown table: per scenario, metric and server the median [min-max] over repetitions, and the ratio of
 * Parlance's median to each peer's.
 */
final class Report {
    private static final String[][] ROWS = {
            {"login_scram", "per_s", "1 logins/s, SCRAM-SHA-1, 50 concurrent"},
            {"login_scram", "srv_us_per_login", "1 server CPU µs/login (SCRAM)"},
            {"login_scram", "cli_us_per_login", "1 client CPU µs/login (SCRAM)"},
            {"login_plain", "per_s", "1 logins/s, PLAIN, 50 concurrent"},
            {"login_plain", "srv_us_per_login", "1 server CPU µs/login (PLAIN)"},
            {"login_plain", "cli_us_per_login", "1 client CPU µs/login (PLAIN)"},
            {"pairs", "per_s", "2 msgs/s delivered, 50 pairs closed loop"},
            {"pairs", "srv_us_per_msg", "2 server CPU µs/msg"},
            {"pairs", "cli_us_per_msg", "2 client CPU µs/msg"},
            {"latency", "p50_ms", "3 latency p50 ms @1000 msg/s"},
            {"latency", "p99_ms", "3 latency p99 ms @1000 msg/s"},
            {"latency", "srv_us_per_msg", "3 server CPU µs/msg @1000 msg/s"},
            {"latency", "cli_us_per_msg", "3 client CPU µs/msg @1000 msg/s"},
            {"muc", "per_s", "4 MUC deliveries/s, 50 occupants, 5 senders"},
            {"muc", "srv_us_per_delivery", "4 server CPU µs/delivery"},
            {"muc", "cli_us_per_delivery", "4 client CPU µs/delivery"},
            {"idle1000", "rss_kb_per_session", "5 RSS KiB/session, 1,000 idle"},
            {"idle1000", "cli_us_per_session", "5 client CPU µs/session setup (1,000)"},
            {"idle5000", "rss_kb_per_session", "5 RSS KiB/session, 5,000 idle"},
            {"idle5000", "srv_us_per_session", "5 server CPU µs/session setup (5,000)"},
            {"idle5000", "cli_us_per_session", "5 client CPU µs/session setup (5,000)"},
            {"idle18000", "rss_kb_per_session", "5 RSS KiB/session, 18,000 idle"},
            {"pairs_after_idle5000", "per_s", "6 msgs/s, 50 pairs, after 5 (5,000 idle online)"},
            {"pairs_after_idle5000", "srv_us_per_msg", "6 server CPU µs/msg"},
            {"pairs_after_idle5000", "cli_us_per_msg", "6 client CPU µs/msg"},
            {"pairs_after_idle1000", "per_s", "6 msgs/s, 50 pairs, after 5 (1,000 idle online)"},
            {"pairs_after_idle1000", "srv_us_per_msg", "6 server CPU µs/msg"},
            {"pairs_after_idle1000", "cli_us_per_msg", "6 client CPU µs/msg"},
    };

    private Report() {
    }

    static void main(Args a) throws IOException {
        List<String> servers = List.of(a.str("servers", "parlance,prosody,ejabberd").split(","));
        Map<String, List<Double>> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(a.str("file", "results.tsv")))) {
            String[] cols = line.split("\t", 3);
            if (cols.length < 3 || !cols[2].startsWith("RESULT ")) {
                continue;
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (String p : cols[2].substring(7).split(" ")) {
                int eq = p.indexOf('=');
                if (eq > 0) {
                    kv.put(p.substring(0, eq), p.substring(eq + 1));
                }
            }
            String scenario = kv.get("scenario");
            for (Map.Entry<String, String> e : kv.entrySet()) {
                try {
                    values.computeIfAbsent(cols[0] + "/" + scenario + "/" + e.getKey(), k -> new ArrayList<>())
                            .add(Double.parseDouble(e.getValue()));
                } catch (NumberFormatException ignored) {
                    // text field
                }
            }
            for (String bad : new String[] {"failures", "dropped", "lost", "bounced"}) {
                if (kv.containsKey(bad) && !"0".equals(kv.get(bad))) {
                    problems.add(cols[0] + " rep " + cols[1] + " " + scenario + ": " + bad + "=" + kv.get(bad)
                            + (kv.containsKey("errors") && !kv.get("errors").isEmpty() ? " (" + kv.get("errors") + ")" : ""));
                }
            }
        }
        StringBuilder out = new StringBuilder("| Scenario / metric |");
        for (String s : servers) {
            out.append(' ').append(s).append(" |");
        }
        for (String s : servers.subList(1, servers.size())) {
            out.append(' ').append(servers.get(0)).append('/').append(s).append(" |");
        }
        out.append("\n|---|").append("---:|".repeat(servers.size() * 2 - 1)).append('\n');
        for (String[] row : ROWS) {
            boolean any = servers.stream().anyMatch(s -> values.containsKey(s + "/" + row[0] + "/" + row[1]));
            if (!any) {
                continue;
            }
            out.append("| ").append(row[2]).append(" |");
            double[] medians = new double[servers.size()];
            for (int i = 0; i < servers.size(); i++) {
                List<Double> v = values.get(servers.get(i) + "/" + row[0] + "/" + row[1]);
                if (v == null || v.isEmpty()) {
                    medians[i] = Double.NaN;
                    out.append(" – |");
                    continue;
                }
                double[] d = v.stream().mapToDouble(Double::doubleValue).filter(x -> x >= 0).sorted().toArray();
                if (d.length == 0) {
                    medians[i] = Double.NaN;
                    out.append(" – |");
                    continue;
                }
                medians[i] = median(d);
                out.append(' ').append(num(medians[i]));
                if (d.length > 1) {
                    out.append(" [").append(num(d[0])).append('–').append(num(d[d.length - 1])).append(']');
                }
                out.append(" |");
            }
            for (int i = 1; i < servers.size(); i++) {
                double r = medians[0] / medians[i];
                out.append(Double.isFinite(r) ? String.format(Locale.ROOT, " %.2f |", r) : " – |");
            }
            out.append('\n');
        }
        System.out.print(out);
        if (!problems.isEmpty()) {
            System.out.println("\nProblems seen:\n");
            for (String p : problems) {
                System.out.println("- " + p);
            }
        }
    }

    private static double median(double[] d) {
        int n = d.length;
        return n % 2 == 1 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
    }

    private static String num(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

}
