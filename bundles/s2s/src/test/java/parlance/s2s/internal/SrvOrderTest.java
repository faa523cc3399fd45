package parlance.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * XEP-0368 §3: {@code _xmpps-server} and {@code _xmpp-server} records form one RFC 2782 order (priorities and
 * weights mixed), each target keeping how TLS starts; {@code .} targets and the A/AAAA fallback (XEP-0368 §5).
 */
class SrvOrderTest {
    /** A "random" source that always answers the same end of the range. */
    private static RandomGenerator always(boolean high) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                return high ? bound - 1 : 0;
            }
        };
    }

    private static final List<SrvOrder.Record> RECORDS = List.of(
            new SrvOrder.Record(0, 0, 5270, "tls0.b.test", true),
            new SrvOrder.Record(0, 10, 5269, "plain0.b.test", false),
            new SrvOrder.Record(5, 5, 5270, "tls5.b.test", true),
            new SrvOrder.Record(5, 5, 5269, "plain5.b.test", false),
            new SrvOrder.Record(10, 0, 5269, ".", false));

    @Test
    void lowPriorityFirstAndWeightDecidesWithinAPriorityAcrossBothServices() {
        assertEquals(List.of(new Target("tls0.b.test", 5270, true), new Target("plain0.b.test", 5269, false),
                new Target("tls5.b.test", 5270, true), new Target("plain5.b.test", 5269, false)),
                new SrvOrder(always(false)).order(RECORDS));
        // the other end of each weighted pick: the heavier (or later) record of each priority comes first
        assertEquals(List.of(new Target("plain0.b.test", 5269, false), new Target("tls0.b.test", 5270, true),
                new Target("plain5.b.test", 5269, false), new Target("tls5.b.test", 5270, true)),
                new SrvOrder(always(true)).order(RECORDS));
    }

    private static Resolver fake(Map<String, List<Resolver.Srv>> dns, String... routes) {
        return new Resolver(routes, new SrvOrder(always(false))) {
            @Override
            List<Srv> srv(String name) {
                return dns.get(name);
            }
        };
    }

    @Test
    void theResolverMergesXmppsServerAndXmppServerRecords() {
        Resolver r = fake(Map.of(
                "_xmpps-server._tcp.b.test", List.of(new Resolver.Srv(2, 0, 5270, "direct.b.test")),
                "_xmpp-server._tcp.b.test", List.of(new Resolver.Srv(1, 0, 5269, "starttls.b.test"),
                        new Resolver.Srv(3, 0, 5269, "backup.b.test"))));
        assertEquals(List.of(new Target("starttls.b.test", 5269, false), new Target("direct.b.test", 5270, true),
                new Target("backup.b.test", 5269, false)), r.targets("b.test"));
    }

    @Test
    void aDotXmppsTargetLeavesTheStartTlsRecordsAndNeverFallsBackToTheDomain() {
        Resolver r = fake(Map.of(
                "_xmpps-server._tcp.b.test", List.of(new Resolver.Srv(0, 0, 0, ".")),
                "_xmpp-server._tcp.b.test", List.of(new Resolver.Srv(0, 0, 5269, "xmpp.b.test")),
                "_xmpps-server._tcp.c.test", List.of(new Resolver.Srv(0, 0, 0, "."))));
        assertEquals(List.of(new Target("xmpp.b.test", 5269, false)), r.targets("b.test"));
        assertEquals(List.of(), r.targets("c.test"), "no A/AAAA fallback (XEP-0368 §5)");
        assertEquals(List.of(new Target("d.test", 5269, false)), r.targets("d.test"), "no SRV at all: A/AAAA");
    }

    @Test
    void staticRoutesMayAskForDirectTls() {
        Resolver r = fake(Map.of(), "b.test=tls:127.0.0.1:5299", "c.test=TLS:[::1]", "d.test=10.0.0.1");
        assertEquals(List.of(new Target("127.0.0.1", 5299, true)), r.targets("b.test"));
        assertEquals(List.of(new Target("::1", 5270, true)), r.targets("c.test"));
        assertEquals(List.of(new Target("10.0.0.1", 5269, false)), r.targets("d.test"));
    }
}
