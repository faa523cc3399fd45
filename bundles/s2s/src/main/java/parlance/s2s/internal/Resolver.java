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
 * the {@code routes} setting), then the DNS SRV records {@code _xmpp-server._tcp.<domain>} ordered by priority and
 * weight (§3.2.1, RFC 2782), then the domain itself on port 5269 (§3.2.2, A/AAAA fallback). A SRV target of
 * {@code .} means the service is decidedly unavailable (§3.2.1 step 5): no candidates. Blocking: call it off the
 * event loops.
 */
class Resolver {
    private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);
    static final int DEFAULT_PORT = 5269;
    private final Map<String, List<InetSocketAddress>> routes;

    Resolver(String[] routes) {
        this.routes = parse(routes);
    }

    /** Parses {@code domain=host:port} (port optional, 5269); malformed entries are logged and skipped. */
    static Map<String, List<InetSocketAddress>> parse(String[] entries) {
        Map<String, List<InetSocketAddress>> table = new HashMap<>();
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
                int colon = target.lastIndexOf(':');
                int port = DEFAULT_PORT;
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
                table.computeIfAbsent(domain, d -> new ArrayList<>()).add(InetSocketAddress.createUnresolved(host, port));
            }
        }
        return table;
    }

    /** Candidates in the order to try them (unresolved addresses: the connect resolves host names). */
    List<InetSocketAddress> resolve(String domain) {
        List<InetSocketAddress> fixed = routes.get(domain);
        if (fixed != null) {
            return fixed;
        }
        List<Srv> records = srv("_xmpp-server._tcp." + domain);
        if (records == null) {
            return List.of(InetSocketAddress.createUnresolved(domain, DEFAULT_PORT));
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (Srv r : records) {
            if (!r.target.isEmpty() && !r.target.equals(".")) {
                out.add(InetSocketAddress.createUnresolved(r.target, r.port));
            }
        }
        return out;
    }

    record Srv(int priority, int weight, int port, String target) {
    }

    /** SRV records by priority, higher weight first within one (a simplification of RFC 2782's random pick); null: none. */
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
