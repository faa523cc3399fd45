package parlance.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static parlance.bench.load.Main.fmt;

/**
 * Scenario 4: MUC fan-out (XEP-0045). {@code --occupants} sessions join one new room (§7.2.1: presence with
 * the {@code muc} x element, {@code <history maxstanzas='0'/>} of §7.2.15 so no history is sent to joiners);
 * the first one creates it and, if the service answers status 201 (a locked room, §10.1.1), accepts the default
 * configuration as an instant room (§10.1.2). Then {@code --senders} occupants send groupchat messages (§7.4)
 * in a closed loop: each sender keeps {@code --window} messages in flight, and a message leaves the window only
 * when every occupant, the sender's own reflection included, has received it. So the server sets the pace and
 * no queue can grow without bound. Counted: deliveries at all occupants per second, server and generator CPU per
 * delivery, and the time from send to the last of its deliveries (fan-out completion).
 */
final class Muc {
    private static final String MUC = "http://jabber.org/protocol/muc";

    private final Args a;
    private final Scenarios s;
    private final int occupants;
    private final int senders;
    private final int window;
    private final String room;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicIntegerArray count;
    private final AtomicLongArray sentAt;
    private final long[] samples = new long[1 << 20];
    private final AtomicInteger nSamples = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> joinErrors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger joined = new AtomicInteger();
    private volatile CountDownLatch joins = new CountDownLatch(1);
    private volatile CountDownLatch configured = new CountDownLatch(1);
    private volatile boolean created;
    private List<XmppClient> cs = List.of();

    /** Per-session state: its nick and occupant address in the room. */
    private record Occupant(int index, String jid) {
    }

    Muc(Args a, Scenarios s, String domain) {
        this.a = a;
        this.s = s;
        this.occupants = a.integer("occupants", 50);
        this.senders = a.integer("senders", 5);
        this.window = a.integer("window", 10);
        this.room = a.str("room", "load" + System.currentTimeMillis() % 10_000_000) + "@"
                + a.str("service", "conference." + domain);
        this.count = new AtomicIntegerArray(senders * window);
        this.sentAt = new AtomicLongArray(senders * window);
    }

    void run() throws InterruptedException {
        int warmup = a.integer("warmup", 2);
        int seconds = a.integer("seconds", 10);
        XmppClient.Listener drops = s.dropCounter();
        XmppClient.Listener l = new XmppClient.Listener() {
            @Override
            public void presence(XmppClient c, String xml) {
                Occupant o = (Occupant) c.attachment;
                if (o == null || !o.jid.equals(XmppClient.attr(xml, "from"))) {
                    return;         // another occupant's presence
                }
                if ("error".equals(XmppClient.attr(xml, "type"))) {
                    if (joinErrors.size() < 3) {
                        joinErrors.add(o.jid + ": " + xml);
                    }
                } else if (!"unavailable".equals(XmppClient.attr(xml, "type"))) {
                    created |= xml.contains("code='201'") || xml.contains("code=\"201\"");
                    joined.incrementAndGet();
                }
                joins.countDown();
            }

            @Override
            public void iq(XmppClient c, String xml) {
                if ("cfg1".equals(XmppClient.attr(xml, "id"))) {
                    if ("error".equals(XmppClient.attr(xml, "type"))) {
                        joinErrors.add("instant room configuration: " + xml);
                    }
                    configured.countDown();
                }
            }

            @Override
            public void message(XmppClient c, String xml) {
                delivery(xml);
            }

            @Override
            public void failed(XmppClient c, String why) {
                drops.failed(c, why);
            }
        };
        cs = s.loginAll(0, occupants, l);
        if (cs.size() < occupants || !join()) {
            Scenarios.result("muc", "occupants=" + occupants, "joined=" + joined.get(),
                    "failures=" + (occupants - joined.get()),
                    "errors=" + String.join("|", joinErrors).replace(' ', '_'));
            closeAll();
            return;
        }
        Thread.sleep(1000);     // the join presence broadcasts are over
        long t0 = System.nanoTime();
        for (int slot = 0; slot < senders * window; slot++) {
            send(slot);
        }
        Thread.sleep(warmup * 1000L);
        long d0 = delivered.get();
        Proc.Snap s0 = new Proc.Snap(a.lng("server-pid", 0));
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long d1 = delivered.get();
        Proc.Snap s1 = new Proc.Snap(a.lng("server-pid", 0));
        running.set(false);
        long end = System.nanoTime() + 5_000_000_000L;      // let the messages in flight arrive
        while (delivered.get() < sent.get() * occupants && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        long n = d1 - d0;
        double wall = (s1.nanos - s0.nanos) / 1e9;
        int k = Math.min(nSamples.get(), samples.length);
        long[] t = Arrays.copyOf(samples, k);
        Arrays.sort(t);
        Scenarios.result("muc", "per_s=" + fmt(n / wall), "msgs_per_s=" + fmt(n / wall / occupants),
                "occupants=" + occupants, "joined=" + joined.get(), "senders=" + senders, "window=" + window,
                "created_locked=" + created, "fanout_p50_ms=" + fmt(Scenarios.pct(t, 50) / 1000.0),
                "fanout_p99_ms=" + fmt(Scenarios.pct(t, 99) / 1000.0), s.cpu(s0, s1, n, "delivery"),
                "lost=" + Math.max(0, sent.get() * occupants - delivered.get()), "dropped=" + s.dropped.get(),
                "bounced=" + s.bounces.get(), "run_s=" + fmt((System.nanoTime() - t0) / 1e9),
                "errors=" + String.join("|", s.dropReasons).replace(' ', '_'));
        closeAll();
    }

    /** The first occupant creates the room (instant room if it comes locked), then all others join at once. */
    private boolean join() throws InterruptedException {
        List<XmppClient> ordered = new ArrayList<>(cs);
        ordered.sort((x, y) -> x.user.compareTo(y.user));
        cs = ordered;
        enter(cs.get(0), 0);
        if (!joins.await(15, TimeUnit.SECONDS)) {
            joinErrors.add("no answer to the first join within 15 s");
            return false;
        }
        if (joined.get() == 0) {
            return false;   // the error presence is in joinErrors
        }
        if (created) {
            cs.get(0).send("<iq type='set' id='cfg1' to='" + room + "'><query xmlns='" + MUC
                    + "#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>");
            if (!configured.await(15, TimeUnit.SECONDS) || !joinErrors.isEmpty()) {
                return false;
            }
        }
        joins = new CountDownLatch(occupants - 1);
        for (int i = 1; i < occupants; i++) {
            enter(cs.get(i), i);
        }
        return joins.await(60, TimeUnit.SECONDS) && joined.get() == occupants;
    }

    private void enter(XmppClient c, int i) {
        Occupant o = new Occupant(i, room + "/n" + i);
        c.attachment = o;
        c.send("<presence to='" + o.jid + "'><x xmlns='" + MUC + "'><history maxstanzas='0'/></x></presence>");
    }

    /** A message slot belongs to sender slot / window; its body starts with k{slot}. */
    private void send(int slot) {
        sentAt.set(slot, System.nanoTime());
        sent.incrementAndGet();
        cs.get(slot / window).send("<message to='" + room + "' type='groupchat' id='k" + slot + "-" + sent.get()
                + "'><body>k" + slot + " load test message 0123456789 abcdefghijklmnopqrstuvwxyz</body></message>");
    }

    private void delivery(String xml) {
        if (Scenarios.isError(xml)) {
            s.bounced(xml);
            return;
        }
        int b = xml.indexOf("<body>k");
        if (b < 0) {
            return;         // room subject (§7.2.16) or anything else that is not ours
        }
        int slot = 0;
        for (int i = b + 7; i < xml.length() && Character.isDigit(xml.charAt(i)); i++) {
            slot = slot * 10 + xml.charAt(i) - '0';
        }
        if (delivered.incrementAndGet() == 1 && a.str("show", null) != null) {
            System.err.println("first delivery: " + xml);     // --show: what the server sends, for the docs
        }
        if (count.incrementAndGet(slot) == occupants) {
            count.set(slot, 0);
            if (measuring.get()) {
                int i = nSamples.getAndIncrement();
                if (i < samples.length) {
                    samples[i] = (System.nanoTime() - sentAt.get(slot)) / 1000;
                }
            }
            if (running.get()) {
                send(slot);
            }
        }
    }

    private void closeAll() throws InterruptedException {
        for (XmppClient c : cs) {
            c.close();
        }
        Thread.sleep(500);
    }
}
