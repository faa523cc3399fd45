package parlance.s2s.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The connection order of SRV records (RFC 2782 "Usage rules"), for the {@code _xmpp-server} and
 * {@code _xmpps-server} records together: XEP-0368 §3 rule 1 treats both as one record set, so their priorities and
 * weights are mixed; each record keeps whether it means direct TLS (rule 2) or STARTTLS (rule 3). Within one
 * priority the records are picked at random in proportion to their weights (records of weight 0 first in the
 * running sum, so they are rarely picked before the others). A target of {@code .} means "no such service"
 * (RFC 2782; RFC 6120 §3.2.1 step 5; XEP-0368 §5): such records are left out.
 */
final class SrvOrder {
    private final RandomGenerator random;

    SrvOrder(RandomGenerator random) {
        this.random = random;
    }

    /** One SRV record of either service. */
    record Record(int priority, int weight, int port, String target, boolean directTls) {
    }

    /** The targets in the order to try them. */
    List<Target> order(List<Record> records) {
        TreeMap<Integer, List<Record>> byPriority = new TreeMap<>();
        for (Record r : records) {
            if (!r.target().isEmpty() && !r.target().equals(".")) {
                byPriority.computeIfAbsent(r.priority(), p -> new ArrayList<>()).add(r);
            }
        }
        List<Target> out = new ArrayList<>();
        for (List<Record> group : byPriority.values()) {
            List<Record> left = new ArrayList<>(group);
            left.sort(Comparator.comparingInt(Record::weight)); // weight 0 first in the running sum (RFC 2782)
            while (!left.isEmpty()) {
                int sum = 0;
                for (Record r : left) {
                    sum += r.weight();
                }
                int pick = sum == 0 ? 0 : random.nextInt(sum + 1);
                int running = 0;
                Record chosen = left.get(left.size() - 1);
                for (Record r : left) {
                    running += r.weight();
                    if (running >= pick) {
                        chosen = r;
                        break;
                    }
                }
                left.remove(chosen);
                out.add(new Target(chosen.target(), chosen.port(), chosen.directTls()));
            }
        }
        return out;
    }
}
