package parlance.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;
import parlance.stream.spi.ElementStream;
import parlance.stream.spi.ElementTransport;
import parlance.stream.spi.XmppStreams;
import parlance.xml.XmlReader;

/** A BOSH session (XEP-0124) on a scripted stream, with helpers to send bodies and wait for answers. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
abstract class BoshFixture {
    final ExecutorService pool = Executors.newCachedThreadPool();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final List<String> seen = new CopyOnWriteArrayList<>();
    final AtomicBoolean ended = new AtomicBoolean();
    final AtomicBoolean removed = new AtomicBoolean();

    /** Answers a header with features, echoes each element's id back as a message, answers close with close. */
    final XmppStreams streams = new XmppStreams() {
        @Override
        public String domain() {
            return "example.org";
        }

        @Override
        public int maxStanzaBytes() {
            return 65536;
        }

        @Override
        public ElementStream open(ElementTransport t) {
            return new ElementStream() {
                @Override
                public void header(String to, String from, String version, String lang) {
                    seen.add("header " + to + " " + version);
                    t.open("example.org", "stream-1", "en");
                    t.send(DocumentHelper.createElement(QName.get("features", "stream", Namespaces.STREAMS)));
                    t.flush();
                }

                @Override
                public void element(Element element) {
                    seen.add("element " + element.attributeValue("id"));
                    if ("echo".equals(element.attributeValue("type"))) {
                        Element m = DocumentHelper.createElement(QName.get("message", Namespaces.CLIENT));
                        m.addAttribute("id", element.attributeValue("id"));
                        t.send(m);
                        t.flush();
                    }
                }

                @Override
                public void close() {
                    seen.add("close");
                    t.close();
                    t.flush();
                    t.disconnect(0);
                }

                @Override
                public void error(StreamError condition, String text) {
                }

                @Override
                public void ended() {
                    ended.set(true);
                }

                @Override
                public void shutdown() {
                }
            };
        }
    };
    BoshSession session = session(new BoshLimits(1, 60, 30, 0));

    BoshSession session(BoshLimits limits) {
        return new BoshSession("sid1", streams, pool, timer, limits, true, "127.0.0.1", 4711,
                () -> removed.set(true));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    static class Answer implements BoshSession.Reply {
        final CompletableFuture<Element> body = new CompletableFuture<>();
        volatile int status;

        @Override
        public boolean send(int status, byte[] bytes) {
            this.status = status;
            try {
                return body.complete(XmlReader.parse(new String(bytes, StandardCharsets.UTF_8)));
            } catch (Exception e) {
                return body.completeExceptionally(e);
            }
        }

        Element get() throws Exception {
            return body.get(10, TimeUnit.SECONDS);
        }
    }

    static Element body(long rid) {
        Element b = BoshBodies.body();
        b.addAttribute("rid", Long.toString(rid));
        b.addAttribute("sid", "sid1");
        return b;
    }

    static Element body(long rid, String id, String type) {
        Element b = body(rid);
        Element m = b.addElement(QName.get("message", Namespaces.CLIENT));
        m.addAttribute("id", id);
        m.addAttribute("type", type);
        return b;
    }

    Answer start() throws Exception {
        return start(null);
    }

    /** The creation request (rid 100), with {@code ack='1'} when {@code ack} is not null (§9.1). */
    Answer start(String ack) throws Exception {
        Element create = BoshBodies.body();
        if (ack != null) {
            create.addAttribute("ack", ack);
        }
        create.addAttribute("rid", "100");
        create.addAttribute("to", "example.org");
        create.addAttribute(BoshBodies.XMPP_VERSION, "1.0");
        Answer a = new Answer();
        session.execute(() -> session.start(create, a));
        return a;
    }

    Answer send(Element body) {
        Answer a = new Answer();
        session.execute(() -> session.request(body, a));
        return a;
    }

}
