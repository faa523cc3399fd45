package parlance.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * A web page in a real headless Chromium speaks XMPP over WebSocket (RFC 7395) to the packaged server: the page
 * ({@code webclient.html}, served by this test from another origin on 127.0.0.1) opens {@code /xmpp-websocket} with
 * the {@code xmpp} subprotocol, authenticates with SASL PLAIN, binds a resource and exchanges messages with a Smack
 * client over TCP. A second page ({@code boshclient.html}) does the same over BOSH (XEP-0124, XEP-0206) with
 * {@code fetch()} to {@code /http-bind}, cross-origin, so the server's CORS answers (preflight included) are
 * exercised. Everything is checked through what the pages show.
 */
@ExtendWith(SharedServer.class)
class WebClientBrowserIT {
    @RegisterExtension
    static final Browser browser = new Browser();

    private static HttpServer pages;

    @BeforeAll
    static void servePage() throws Exception {
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String page : new String[] {"webclient.html", "boshclient.html"}) {
            byte[] html;
            try (InputStream in = WebClientBrowserIT.class.getResourceAsStream(page)) {
                html = in.readAllBytes();
            }
            pages.createContext("/" + page, exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, html.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(html);
                }
            });
        }
        pages.start();
    }

    @AfterAll
    static void stopPage() {
        if (pages != null) {
            pages.stop(0);
        }
    }

    private static String status(WebDriver d) {
        return d.findElement(By.id("status")).getText();
    }

    @Test
    void aBrowserPageChatsWithATcpClientOverWebSocket() throws Exception {
        try (Clients clients = new Clients()) {
            Clients.Account web = clients.register();
            XMPPTCPConnection tcp = clients.newUser();
            BlockingQueue<Message> tcpInbox = Clients.inbox(tcp);

            WebDriver d = browser.driver();
            d.get("http://127.0.0.1:" + pages.getAddress().getPort() + "/webclient.html");
            d.findElement(By.id("url")).sendKeys("ws://127.0.0.1:" + SharedServer.get().port("http.port")
                    + "/xmpp-websocket");
            d.findElement(By.id("user")).sendKeys(web.username);
            d.findElement(By.id("password")).sendKeys(web.password);
            d.findElement(By.id("connect")).click();
            String expectedJid = web.username + "@" + SharedServer.DOMAIN + "/browser";
            browser.until(x -> status(x).startsWith("online") || status(x).startsWith("error")
                    || status(x).startsWith("closed"));
            assertEquals("online as " + expectedJid, status(d), d.findElement(By.id("log")).getText());

            String toBrowser = "hello browser " + UUID.randomUUID();
            tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(expectedJid).setBody(toBrowser).build());
            String received = browser.until(x -> {
                String inbox = x.findElement(By.id("inbox")).getText();
                return inbox.isEmpty() ? null : inbox;
            });
            assertEquals(tcp.getUser() + ": " + toBrowser, received);

            String toTcp = "hello tcp " + UUID.randomUUID();
            d.findElement(By.id("to")).sendKeys(tcp.getUser().asBareJid().toString());
            d.findElement(By.id("body")).sendKeys(toTcp);
            d.findElement(By.id("send")).click();
            Message m = Clients.poll(tcpInbox, "message from the browser");
            assertEquals(toTcp, m.getBody());
            assertEquals(expectedJid, m.getFrom().toString());
            browser.screenshot("webclient-chat");

            d.findElement(By.id("disconnect")).click();
            browser.until(x -> status(x).startsWith("closed"));
            assertTrue(d.findElement(By.id("log")).getText().contains("<< <close"),
                    "the server answered <close/> (RFC 7395 §3.6)");
        }
    }

    @Test
    void aBrowserPageChatsWithATcpClientOverBosh() throws Exception {
        try (Clients clients = new Clients()) {
            Clients.Account web = clients.register();
            XMPPTCPConnection tcp = clients.newUser();
            BlockingQueue<Message> tcpInbox = Clients.inbox(tcp);

            WebDriver d = browser.driver();
            d.get("http://127.0.0.1:" + pages.getAddress().getPort() + "/boshclient.html");
            d.findElement(By.id("url")).sendKeys("http://127.0.0.1:" + SharedServer.get().port("http.port")
                    + "/http-bind");
            d.findElement(By.id("user")).sendKeys(web.username);
            d.findElement(By.id("password")).sendKeys(web.password);
            d.findElement(By.id("connect")).click();
            String expectedJid = web.username + "@" + SharedServer.DOMAIN + "/browser-bosh";
            browser.until(x -> status(x).startsWith("online") || status(x).startsWith("error")
                    || status(x).startsWith("closed"));
            assertEquals("online as " + expectedJid, status(d), d.findElement(By.id("log")).getText());
            assertTrue(d.findElement(By.id("log")).getText().contains("xmpp:restart=\"true\""),
                    "the stream was restarted after SASL (XEP-0206 §5)");

            String toBrowser = "hello bosh page " + UUID.randomUUID();
            tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(expectedJid).setBody(toBrowser).build());
            String received = browser.until(x -> {
                String inbox = x.findElement(By.id("inbox")).getText();
                return inbox.isEmpty() ? null : inbox;
            });
            assertEquals(tcp.getUser() + ": " + toBrowser, received);

            String toTcp = "hello tcp from bosh " + UUID.randomUUID();
            d.findElement(By.id("to")).sendKeys(tcp.getUser().asBareJid().toString());
            d.findElement(By.id("body")).sendKeys(toTcp);
            d.findElement(By.id("send")).click();
            Message m = Clients.poll(tcpInbox, "message from the BOSH page");
            assertEquals(toTcp, m.getBody());
            assertEquals(expectedJid, m.getFrom().toString());
            browser.screenshot("boshclient-chat");

            d.findElement(By.id("disconnect")).click();
            browser.until(x -> status(x).startsWith("closed") || status(x).startsWith("error"));
            assertEquals("closed", status(d), d.findElement(By.id("log")).getText());
            assertTrue(d.findElement(By.id("log")).getText().contains("type='terminate'"),
                    "the server answered with a terminate body (XEP-0124 §13)");
        }
    }
}
