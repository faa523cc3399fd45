package parlance.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import parlance.api.stanza.Namespaces;

/** XEP-0199 ping, XEP-0092 software version, XEP-0202 entity time. */
class SmallServicesTest {
    private static Element ping() {
        return DocumentHelper.createElement(QName.get("ping", Namespaces.PING));
    }

    @Test
    void pingToServerOrOwnAccountIsAnswered() throws Exception {
        FakeContext server = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER, ping());
        new Ping().handle(server);
        assertNull(server.awaitResult(), "XEP-0199 §4.2: an empty result");

        FakeContext own = FakeContext.iq("get", FakeContext.JULIET, FakeContext.JULIET.bare(), ping());
        new Ping().handle(own);
        assertEquals("result", own.awaitReply().type());

        FakeContext noTo = FakeContext.iq("get", FakeContext.JULIET, null, ping());
        new Ping().handle(noTo);
        assertEquals("result", noTo.awaitReply().type());
    }

    @Test
    void pingToAnotherAccountIsNotAnsweredOnItsBehalf() throws Exception {
        FakeContext ctx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.ROMEO, ping());
        new Ping().handle(ctx);
        assertEquals("service-unavailable", ctx.awaitErrorCondition());
    }

    @Test
    void versionNamesTheServerAndHidesTheOsByDefault() throws Exception {
        FakeContext ctx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER, FakeContext.query(Namespaces.VERSION));
        new SoftwareVersion("Parlance", "0.1.0", null).handle(ctx);
        Element query = ctx.awaitResult();
        assertEquals(Namespaces.VERSION, query.getNamespaceURI());
        assertEquals("Parlance", query.elementText("name"));
        assertEquals("0.1.0", query.elementText("version"));
        assertNull(query.element("os"));

        FakeContext withOs = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER, FakeContext.query(Namespaces.VERSION));
        new SoftwareVersion("Parlance", "0.1.0", "Linux 6.1").handle(withOs);
        assertEquals("Linux 6.1", withOs.awaitResult().elementText("os"));
    }

    @Test
    void timeGivesUtcAndOffset() throws Exception {
        Instant instant = Instant.parse("2024-03-01T10:15:30.250Z");
        Element time = timeAt(Clock.fixed(instant, ZoneId.of("Asia/Kolkata")));
        assertEquals(Namespaces.TIME, time.getNamespaceURI());
        assertEquals("+05:30", time.elementText("tzo"));
        assertEquals("2024-03-01T10:15:30Z", time.elementText("utc"));

        assertEquals("-03:00", timeAt(Clock.fixed(instant, ZoneOffset.ofHours(-3))).elementText("tzo"));
        assertEquals("+00:00", timeAt(Clock.fixed(instant, ZoneOffset.UTC)).elementText("tzo"));
    }

    private static Element timeAt(Clock clock) throws Exception {
        FakeContext ctx = FakeContext.iq("get", FakeContext.JULIET, FakeContext.SERVER,
                DocumentHelper.createElement(QName.get("time", Namespaces.TIME)));
        new EntityTime(clock).handle(ctx);
        return ctx.awaitResult();
    }
}
