package parlance.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static parlance.bench.load.Main.fmt;

/**
 * The benchmark scenarios. Accounts are {@code <prefix><n>} with one password; 0..99 serve login, pairs and
 * latency, 100.. the idle sessions. Each scenario has a warm-up, then a measured window whose server and
 * generator CPU (utime+stime) are read from /proc.
 */
final class Scenarios {
    private final Args a;
    private final Net net;
    private final String domain;
    private final String password;
    private final String prefix;
    private final long serverPid;
    private final int warmup;
    private final int seconds;
    final AtomicInteger dropped = new AtomicInteger();
    final ConcurrentLinkedQueue<String> dropReasons = new ConcurrentLinkedQueue<>();

    Scenarios(Args a, Net net) {
        this.a = a;
        this.net = net;
        this.domain = a.str("domain", "localhost");
        this.password = a.str("password", "benchpass");
        this.prefix = a.str("prefix", "bench");
        this.serverPid = a.lng("server-pid", 0);
        this.warmup = a.integer("warmup", 2);
        this.seconds = a.integer("seconds", 10);
    }

    private XmppClient client(int n, XmppClient.Mech mech, boolean register, XmppClient.Listener l) {
        return new XmppClient(prefix + n, domain, password, mech, register, net.ssl, l);
    }

    static void result(String scenario, String... kv) {
        System.out.println("RESULT scenario=" + scenario + " " + String.join(" ", kv));
    }

    String cpu(Proc.Snap s0, Proc.Snap s1, long units, String unit) {
        double wall = (s1.nanos - s0.nanos) / 1e9;
        long srv = s1.server - s0.server;
        long cli = s1.client - s0.client;
        return "srv_us_per_" + unit + "=" + fmt(units > 0 && s0.server >= 0 ? (double) srv / units : -1)
                + " cli_us_per_" + unit + "=" + fmt(units > 0 ? (double) cli / units : -1)
                + " srv_cpu_pct=" + fmt(s0.server >= 0 ? srv / wall / 1e4 : -1)
                + " cli_cpu_pct=" + fmt(cli / wall / 1e4);
    }

    /** XEP-0077 registration of accounts [from, from+count), as many in parallel as --concurrency. */
    void register() throws InterruptedException {
        int from = a.integer("from", 0);
        int count = a.integer("count", 100);
        Main.Batch b = new Main.Batch(count, a.integer("concurrency", 20), new XmppClient.Listener() { });
        long t0 = System.nanoTime();
        for (int i = from; i < from + count; i++) {
            b.start(net, client(i, XmppClient.Mech.PLAIN, true, b));
        }
        boolean all = b.await(600);
        double s = (System.nanoTime() - t0) / 1e9;
        result("register", "count=" + count, "failures=" + b.failures.get(), "complete=" + all,
                "per_s=" + fmt(count / s), "errors=" + String.join("|", b.errors).replace(' ', '_'));
    }

    /** Logs in many accounts and keeps them online (PLAIN over TLS: setup only). */
    List<XmppClient> loginAll(int from, int count, XmppClient.Listener l) throws InterruptedException {
        Main.Batch b = new Main.Batch(count, a.integer("concurrency", 50), l);
        for (int i = from; i < from + count; i++) {
            b.start(net, client(i, XmppClient.Mech.PLAIN, false, b));
        }
        if (!b.await(600) || b.failures.get() > 0) {
            System.err.println("login of " + count + " sessions: " + b.failures.get() + " failed " + b.errors);
        }
        return b.online;
    }

    /** Scenario 1: complete logins (TCP, STARTTLS, SASL, bind, presence) per second, N concurrent. */
    void login() throws InterruptedException {
        XmppClient.Mech mech = "PLAIN".equalsIgnoreCase(a.str("mech", "SCRAM")) ? XmppClient.Mech.PLAIN
                : XmppClient.Mech.SCRAM;
        int accounts = a.integer("accounts", 100);
        int concurrency = a.integer("concurrency", 50);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong logins = new AtomicLong();
        AtomicLong warmed = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errs = new ConcurrentLinkedQueue<>();
        AtomicInteger active = new AtomicInteger(concurrency);
        XmppClient.Listener l = new XmppClient.Listener() {
            @Override
            public void online(XmppClient c) {
                warmed.incrementAndGet();
                if (measuring.get()) {
                    logins.incrementAndGet();
                    times.add((System.nanoTime() - c.started) / 1000);
                }
                c.close();
                again();
            }

            @Override
            public void failed(XmppClient c, String why) {
                if (measuring.get()) {
                    failures.incrementAndGet();
                }
                if (errs.size() < 5) {
                    errs.add(why);
                }
                net.group.schedule(this::again, 20, TimeUnit.MILLISECONDS);
            }

            void again() {
                if (running.get()) {
                    int n = Math.floorMod(next.getAndIncrement(), accounts);
                    net.connect(client(n, mech, false, this));
                } else {
                    active.decrementAndGet();
                }
            }
        };
        for (int i = 0; i < concurrency; i++) {
            net.connect(client(next.getAndIncrement() % accounts, mech, false, l));
        }
        // warm-up: at least --warmup seconds and one login of every account (the client caches SaltedPassword)
        long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
        long warmLimit = System.nanoTime() + 60_000_000_000L;
        while ((System.nanoTime() < warmEnd || warmed.get() < accounts) && System.nanoTime() < warmLimit) {
            Thread.sleep(20);
        }
        Proc.Snap s0 = new Proc.Snap(serverPid);
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        Proc.Snap s1 = new Proc.Snap(serverPid);
        running.set(false);
        long end = System.currentTimeMillis() + 10_000;
        while (active.get() > 0 && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        long n = logins.get();
        long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
        result("login_" + mech.name().toLowerCase(), "per_s=" + fmt(n * 1e9 / (s1.nanos - s0.nanos)),
                "failures=" + failures.get(), "p50_ms=" + fmt(pct(t, 50) / 1000.0),
                "p99_ms=" + fmt(pct(t, 99) / 1000.0), cpu(s0, s1, n, "login"), "tls=" + net.provider,
                "errors=" + String.join("|", errs).replace(' ', '_'));
    }

    private String chat(XmppClient to, long sentNanos) {
        return "<message to='" + to.fullJid + "' type='chat' id='t" + sentNanos
                + "'><body>load test message 0123456789 abcdefghijklmnopqrstuvwxyz</body></message>";
    }

    final AtomicLong bounces = new AtomicLong();

    static boolean isError(String xml) {
        return "error".equals(XmppClient.attr(xml, "type"));
    }

    void bounced(String xml) {
        if (bounces.getAndIncrement() < 3) {
            System.err.println("message error: " + xml);
        }
    }

    private static long sentAt(String xml) {
        String id = XmppClient.attr(xml, "id");
        if (id == null || id.isEmpty() || id.charAt(0) != 't') {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    XmppClient.Listener dropCounter() {
        return new XmppClient.Listener() {
            @Override
            public void failed(XmppClient c, String why) {
                if (c.isOnline()) {
                    dropped.incrementAndGet();
                    if (dropReasons.size() < 5) {
                        dropReasons.add(c.user + ": " + why);
                    }
                }
            }
        };
    }

    private static void pair(List<XmppClient> cs) {
        for (int i = 0; i + 1 < cs.size(); i += 2) {
            cs.get(i).attachment = cs.get(i + 1);
            cs.get(i + 1).attachment = cs.get(i);
        }
    }

    /** Scenario 2 (and 6): N pairs, closed loop; each delivery makes the receiver send the next message back. */
    void pairs(String label) throws InterruptedException {
        int pairs = a.integer("pairs", 50);
        int window = a.integer("window", 10);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong delivered = new AtomicLong();
        XmppClient.Listener drops = dropCounter();
        XmppClient.Listener l = new XmppClient.Listener() {
            @Override
            public void message(XmppClient c, String xml) {
                if (isError(xml)) {
                    bounced(xml);
                    return;
                }
                delivered.incrementAndGet();
                if (running.get()) {
                    c.send(chat((XmppClient) c.attachment, System.nanoTime()));
                }
            }

            @Override
            public void failed(XmppClient c, String why) {
                drops.failed(c, why);
            }
        };
        List<XmppClient> cs = loginAll(0, pairs * 2, l);
        pair(cs);
        Thread.sleep(500);
        for (XmppClient c : cs) {
            if (c.attachment != null) {
                for (int w = 0; w < window; w++) {
                    c.send(chat((XmppClient) c.attachment, System.nanoTime()));
                }
            }
        }
        Thread.sleep(warmup * 1000L);
        long d0 = delivered.get();
        Proc.Snap s0 = new Proc.Snap(serverPid);
        Thread.sleep(seconds * 1000L);
        long d1 = delivered.get();
        Proc.Snap s1 = new Proc.Snap(serverPid);
        running.set(false);
        Thread.sleep(1000);
        long n = d1 - d0;
        result(label, "per_s=" + fmt(n * 1e9 / (s1.nanos - s0.nanos)), "sessions=" + cs.size(),
                cpu(s0, s1, n, "msg"), "dropped=" + dropped.get(), "bounced=" + bounces.get(),
                "errors=" + String.join("|", dropReasons).replace(' ', '_'));
        for (XmppClient c : cs) {
            c.close();
        }
        Thread.sleep(500);
    }

    /** Scenario 3: open loop at a fixed offered rate; one-way latency from the send time in the message id. */
    void latency() throws InterruptedException {
        int pairs = a.integer("pairs", 50);
        int rate = a.integer("rate", 1000);
        AtomicBoolean measuring = new AtomicBoolean();
        long[] samples = new long[rate * (seconds + warmup + 5)];
        AtomicInteger count = new AtomicInteger();
        AtomicLong received = new AtomicLong();
        XmppClient.Listener drops = dropCounter();
        XmppClient.Listener l = new XmppClient.Listener() {
            @Override
            public void message(XmppClient c, String xml) {
                if (isError(xml)) {
                    bounced(xml);
                    return;
                }
                received.incrementAndGet();
                long t = sentAt(xml);
                if (t > 0 && measuring.get()) {
                    int i = count.getAndIncrement();
                    if (i < samples.length) {
                        samples[i] = (System.nanoTime() - t) / 1000;
                    }
                }
            }

            @Override
            public void failed(XmppClient c, String why) {
                drops.failed(c, why);
            }
        };
        List<XmppClient> cs = loginAll(0, pairs * 2, l);
        pair(cs);
        Thread.sleep(500);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long t0 = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        AtomicLong sentMeasured = new AtomicLong();
        pacer.scheduleAtFixedRate(() -> {
            long due = (System.nanoTime() - t0) * rate / 1_000_000_000L - sent.get();
            for (long k = 0; k < due; k++) {
                XmppClient c = cs.get((int) (sent.getAndIncrement() % cs.size()));
                if (c.attachment != null) {
                    c.send(chat((XmppClient) c.attachment, System.nanoTime()));
                    if (measuring.get()) {
                        sentMeasured.incrementAndGet();
                    }
                }
            }
        }, 2, 2, TimeUnit.MILLISECONDS);
        Thread.sleep(warmup * 1000L);
        long r0 = received.get();
        Proc.Snap s0 = new Proc.Snap(serverPid);
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        Proc.Snap s1 = new Proc.Snap(serverPid);
        long r1 = received.get();
        pacer.shutdownNow();
        Thread.sleep(2000);     // let the last measured messages arrive
        measuring.set(false);
        int n = Math.min(count.get(), samples.length);
        long[] t = Arrays.copyOf(samples, n);
        Arrays.sort(t);
        result("latency", "offered_per_s=" + rate, "delivered_per_s=" + fmt((r1 - r0) * 1e9 / (s1.nanos - s0.nanos)),
                "p50_ms=" + fmt(pct(t, 50) / 1000.0), "p99_ms=" + fmt(pct(t, 99) / 1000.0),
                "max_ms=" + fmt(n > 0 ? t[n - 1] / 1000.0 : -1), "lost=" + Math.max(0, sentMeasured.get() - n),
                cpu(s0, s1, r1 - r0, "msg"), "dropped=" + dropped.get(), "bounced=" + bounces.get());
        for (XmppClient c : cs) {
            c.close();
        }
        Thread.sleep(500);
    }

    /** Scenario 5 (then 6): N idle sessions; server RSS after a GC, before and after, per session. */
    void idle() throws InterruptedException {
        int sessions = a.integer("sessions", 1000);
        String gc = a.str("gc-cmd", "");
        // the first sessions of a fresh server also pay one-time costs (JIT code, TLS and buffer pools): log some in
        // and out first, so that the figure is the cost of a session, for every server alike
        int warm = Math.min(sessions, a.integer("warmup-sessions", 200));
        if (warm > 0) {
            for (XmppClient c : loginAll(100, warm, dropCounter())) {
                c.close();
            }
            Thread.sleep(2000);
        }
        Proc.run(gc);
        Thread.sleep(1500);
        long rss0 = Proc.rssKb(serverPid);
        Proc.Snap s0 = new Proc.Snap(serverPid);
        long t0 = System.nanoTime();
        List<XmppClient> cs = loginAll(100, sessions, dropCounter());
        double setup = (System.nanoTime() - t0) / 1e9;
        Proc.Snap s1 = new Proc.Snap(serverPid);
        // idle means idle: every server gets the same quiet time before the GC and the reading (Parlance's parsers
        // hibernate after 10 s without input; ejabberd hibernates idle c2s processes too)
        Thread.sleep(a.lng("settle-seconds", 15) * 1000);
        Proc.run(gc);
        Thread.sleep(2000);
        long rss1 = Proc.rssKb(serverPid);
        result("idle" + sessions, "online=" + cs.size(), "rss_kb_per_session=" + fmt((rss1 - rss0) / (double) cs.size()),
                "rss0_mb=" + fmt(rss0 / 1024.0), "rss1_mb=" + fmt(rss1 / 1024.0), "setup_per_s=" + fmt(cs.size() / setup),
                cpu(s0, s1, cs.size(), "session"), "dropped=" + dropped.get(), "bounced=" + bounces.get(),
                "errors=" + String.join("|", dropReasons).replace(' ', '_'));
        if (a.str("then-pairs", "false").equals("true")) {
            pairs("pairs_after_idle" + sessions);
        }
        if (a.lng("hold-seconds", 0) > 0) {
            Thread.sleep(a.lng("hold-seconds", 0) * 1000);
        }
        int stillOnline = 0;
        for (XmppClient c : cs) {
            if (c.channel() != null && c.channel().isActive()) {
                stillOnline++;
            }
        }
        result("idle" + sessions + "_end", "still_online=" + stillOnline, "dropped=" + dropped.get());
        for (XmppClient c : cs) {
            c.close();
        }
        Thread.sleep(1000);
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

}
