package parlance.s2s.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where to connect for a remote domain (RFC 6120 §3.2): a static route first ({@code domain=host:port} entries of
 * the {@code routes} setting, {@code domain=tls:host:port} for direct TLS), then the DNS SRV records
 * {@code _xmpps-server._tcp.<domain>} (direct TLS, XEP-0368 §3) and {@code _xmpp-server._tcp.<domain>} (STARTTLS,
 * RFC 6120 §3.2.1) merged into one order by priority and weight ({@link SrvOrder}, XEP-0368 §3 rule 1, RFC 2782),
 * then the domain itself on port 5269 (§3.2.2, A/AAAA fallback) when neither service has records. A target of
 * {@code .} means the service is decidedly unavailable (§3.2.1 step 5); when the {@code _xmpps-server} records
 * exist but say so, the {@code _xmpp-server} records still count and no A/AAAA fallback is made (XEP-0368 §5).
 * Blocking: call it off the event loops.
 */
class Resolver {
    private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);
    static final int DEFAULT_PORT = 5269;
    /** The port of direct-TLS static routes without one (Prosody's {@code s2s_direct_tls_ports} example). */
    static final int DEFAULT_TLS_PORT = 5270;
    /** The static route prefix asking for direct TLS (XEP-0368): {@code example.net=tls:10.0.0.5:5270}. */
    static final String TLS_PREFIX = "tls:";
    private final Map<String, List<Target>> routes;
    private final SrvOrder order;

    Resolver(String[] routes) {
        this(routes, new SrvOrder(new java.security.SecureRandom()));
    }

    Resolver(String[] routes, SrvOrder order) {
        this.routes = parse(routes);
        this.order = order;
    }

    /**
     * Parses {@code domain=host:port} (port optional: 5269) and {@code domain=tls:host:port} (direct TLS, port
     * optional: 5270); malformed entries are logged and skipped.
     */
    static Map<String, List<Target>> parse(String[] entries) {
        Map<String, List<Target>> table = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String one : entry.split("[,\\s]+")) {
                int eq = one.indexOf('=');
                if (one.isBlank()) {
                    continue;
                }
                if (eq <= 0 || eq == one.length() - 1) {
                    LOG.warn("Ignoring s2s route '{}': expected domain=host:port", one);
                    continue;
                }
                String domain = one.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String target = one.substring(eq + 1).trim();
                boolean direct = target.regionMatches(true, 0, TLS_PREFIX, 0, TLS_PREFIX.length());
                if (direct) {
                    target = target.substring(TLS_PREFIX.length());
                }
                int colon = target.lastIndexOf(':');
                int port = direct ? DEFAULT_TLS_PORT : DEFAULT_PORT;
                String host = target;
                if (colon > 0 && target.indexOf(']') < colon) {
                    try {
                        port = Integer.parseInt(target.substring(colon + 1));
                        host = target.substring(0, colon);
                    } catch (NumberFormatException e) {
                        LOG.warn("Ignoring s2s route '{}': bad port", one);
                        continue;
                    }
                }
                host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                if (host.isEmpty()) {
                    LOG.warn("Ignoring s2s route '{}': no host", one);
                    continue;
                }
                table.computeIfAbsent(domain, d -> new ArrayList<>()).add(new Target(host, port, direct));
            }
        }
        return table;
    }

    /** Candidate addresses in the order to try them, without the direct-TLS flag (see {@link #targets}). */
    List<InetSocketAddress> resolve(String domain) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Target t : targets(domain)) {
            out.add(t.address());
        }
        return out;
    }

    /** Candidates in the order to try them (host names unresolved: the connect resolves them). */
    List<Target> targets(String domain) {
        List<Target> fixed = routes.get(domain);
        if (fixed != null) {
            return fixed;
        }
        List<Srv> direct = srv("_xmpps-server._tcp." + domain);
        List<Srv> starttls = srv("_xmpp-server._tcp." + domain);
        if (direct == null && starttls == null) {
            return List.of(new Target(domain, DEFAULT_PORT, false));
        }
        List<SrvOrder.Record> records = new ArrayList<>();
        for (Srv r : direct == null ? List.<Srv>of() : direct) {
            records.add(new SrvOrder.Record(r.priority(), r.weight(), r.port(), r.target(), true));
        }
        for (Srv r : starttls == null ? List.<Srv>of() : starttls) {
            records.add(new SrvOrder.Record(r.priority(), r.weight(), r.port(), r.target(), false));
        }
        return order.order(records);
    }

    record Srv(int priority, int weight, int port, String target) {
    }

    /** The SRV records of {@code name} as DNS returns them (the order is {@link SrvOrder}'s job); null: none. */
    List<Srv> srv(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // JNDI loads the DNS provider through the context loader; a bundle's loader cannot see com.sun.jndi.dns
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            DirContext ctx = new InitialDirContext(env);
            try {
                Attribute attr = ctx.getAttributes(name, new String[] {"SRV"}).get("SRV");
                if (attr == null) {
                    return null;
                }
                List<Srv> list = new ArrayList<>();
                NamingEnumeration<?> values = attr.getAll();
                while (values.hasMore()) {
                    String[] f = values.next().toString().trim().split("\\s+");
                    if (f.length == 4) {
                        String target = f[3].endsWith(".") && f[3].length() > 1
                                ? f[3].substring(0, f[3].length() - 1) : f[3];
                        list.add(new Srv(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), target));
                    }
                }
                list.sort(Comparator.comparingInt(Srv::priority).thenComparing(Comparator.comparingInt(Srv::weight)
                        .reversed()));
                return list.isEmpty() ? null : list;
            } finally {
                ctx.close();
            }
        } catch (NamingException | RuntimeException e) {
            LOG.debug("No SRV records for {}: {}", name, e.toString());
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
