package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0198 stream management with resumption on the packaged server: a raw client (so the test controls exactly
 * what it acknowledges) loses its TCP connection in the middle of a burst of 1,000 messages from a Smack user,
 * resumes on a fresh TLS connection, and must end up with every message exactly once, in order.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamManagementIT {
    private static final int BURST = 1000;
    private static final Pattern BODY = Pattern.compile("<body>(m\\d+)</body>");
    private final Clients clients = new Clients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static List<String> bodies(String xml) {
        List<String> out = new ArrayList<>();
        Matcher m = BODY.matcher(xml);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> duplicates(List<String> all) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            if (!seen.add(all.get(i))) {
                out.add(all.get(i) + "@" + i);
            }
        }
        return out;
    }

    private static String attribute(String xml, String element, String name) {
        Matcher m = Pattern.compile("<" + element + "[^>]*\\s" + name + "=['\"]([^'\"]+)['\"]").matcher(xml);
        if (!m.find()) {
            throw new AssertionError("no " + element + " " + name + " in " + xml);
        }
        return m.group(1);
    }

    /** Reads until {@code want} message bodies arrived (or the deadline); returns them in order. */
    private static List<String> readBodies(RawClient c, int want, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        List<String> got = bodies(c.received());
        while (got.size() < want && System.currentTimeMillis() < deadline && !c.closedByServer()) {
            c.readUntil("\u0000never\u0000", 200);
            got = bodies(c.received());
        }
        return got;
    }

    @Test
    @Tag("XEP-0198-5")
    @DisplayName("XEP-0198 §5: a connection cut mid-burst is resumed and every message arrives exactly once")
    void resumeAfterCutMidBurst() throws Exception {
        Clients.Account juliet = clients.register();
        XMPPTCPConnection romeo = clients.newUser();
        List<String> all = new ArrayList<>();
        String id;
        String fullJid;
        String received;
        Thread sender;
        try (RawClient first = RawClient.loggedIn(juliet, null)) {
            fullJid = first.jid();
            first.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/><presence/>");
            first.readUntil("max=", 5000);
            first.readUntil("/>", 1000);
            id = attribute(first.received(), "enabled", "id");
            assertEquals("true", attribute(first.received(), "enabled", "resume"));

            sender = new Thread(() -> {
                try {
                    for (int i = 1; i <= BURST; i++) {
                        romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza()
                                .to(JidCreate.from(fullJid)).ofType(org.jivesoftware.smack.packet.Message.Type.chat)
                                .setBody("m" + i).build());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "burst");
            sender.start();
            // read part of the burst without acknowledging anything, then cut the TCP connection hard (RST)
            List<String> before = readBodies(first, 150, 20_000);
            assertTrue(before.size() >= 150, "the burst started: " + before.size());
            all.addAll(before);
            received = first.received();
            first.socket().setSoLinger(true, 0);
        }
        try (RawClient second = RawClient.connect()) {
            second.startTls();
            String answer = second.plain(juliet.username, juliet.password);
            assertTrue(answer.contains("<success"), answer);
            second.open();
            // h counts every stanza received after <enabled/> (XEP-0198 §4), not only the messages
            String afterEnabled = received.substring(received.indexOf("<enabled"));
            long h = all.size() + count(afterEnabled, "<presence") + count(afterEnabled, "<iq ");
            second.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='" + h + "'/>");
            String resumed = second.readUntil("<resumed", 5000);
            assertTrue(resumed.contains("<resumed"), "resumed: " + resumed);
            sender.join(60_000);
            List<String> after = readBodies(second, BURST - all.size(), 60_000);
            all.addAll(after);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= BURST; i++) {
            expected.add("m" + i);
        }
        assertEquals(BURST, all.size(), "every message arrived exactly once; duplicates: " + duplicates(all));
        assertEquals(expected, all, "in order, none twice");
    }
}
