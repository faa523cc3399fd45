package parlance.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator entry point. Every command is bounded by count and time and ends by itself; results are
 * printed as one line {@code RESULT scenario=... key=value ...} for run.sh. Commands: register, login, pairs,
 * latency, muc, idle, report (see {@link Report}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        if ("report".equals(a.command)) {
            Report.main(a);
            return;
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(a.lng("max-seconds", 900) * 1000);
                System.err.println("watchdog: generator exceeded --max-seconds, exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // done
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (Net net = new Net(a)) {
            Scenarios s = new Scenarios(a, net);
            switch (a.command) {
                case "register" -> s.register();
                case "login" -> s.login();
                case "pairs" -> s.pairs(a.str("label", "pairs"));
                case "latency" -> s.latency();
                case "idle" -> s.idle();
                case "muc" -> new Muc(a, s, a.str("domain", "localhost")).run();
                default -> {
                    System.err.println("usage: register|login|pairs|latency|muc|idle|report --port P --domain D ...");
                    System.exit(2);
                }
            }
        }
        System.exit(0);
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** Logs in (or registers) many accounts with a bounded number of handshakes in flight. */
    static final class Batch implements XmppClient.Listener {
        final List<XmppClient> online = new ArrayList<>();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final AtomicInteger failures = new AtomicInteger();
        private final Semaphore inFlight;
        private final CountDownLatch done;
        private final XmppClient.Listener delegate;

        Batch(int count, int concurrency, XmppClient.Listener delegate) {
            this.inFlight = new Semaphore(concurrency);
            this.done = new CountDownLatch(count);
            this.delegate = delegate;
        }

        void start(Net net, XmppClient c) throws InterruptedException {
            inFlight.acquire();
            net.connect(c);
        }

        boolean await(long seconds) throws InterruptedException {
            return done.await(seconds, TimeUnit.SECONDS);
        }

        @Override
        public void online(XmppClient c) {
            synchronized (online) {
                online.add(c);
            }
            inFlight.release();
            done.countDown();
        }

        @Override
        public void registered(XmppClient c, boolean ok) {
            if (!ok) {
                failures.incrementAndGet();
            }
            inFlight.release();
            done.countDown();
        }

        @Override
        public void message(XmppClient c, String xml) {
            delegate.message(c, xml);
        }

        @Override
        public void presence(XmppClient c, String xml) {
            delegate.presence(c, xml);
        }

        @Override
        public void iq(XmppClient c, String xml) {
            delegate.iq(c, xml);
        }

        @Override
        public void failed(XmppClient c, String why) {
            boolean wasOnline = c.isOnline();
            delegate.failed(c, why);
            if (!wasOnline) {
                if (errors.size() < 5) {
                    errors.add(c.user + ": " + why);
                }
                failures.incrementAndGet();
                inFlight.release();
                done.countDown();
            }
        }
    }
}
