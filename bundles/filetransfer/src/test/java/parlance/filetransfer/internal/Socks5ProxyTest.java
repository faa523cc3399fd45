package parlance.filetransfer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import parlance.api.router.Router;
import parlance.api.session.ClientSession;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.testkit.TestStanzas;
import org.dom4j.QName;

/** The SOCKS5 handshake (RFC 1928 subset of XEP-0065 §6.3), pairing by address and activation, on embedded channels. */
class Socks5ProxyTest {
    private static final String SID = "sid1";
    private static final String INITIATOR = "alice@example.org/a";
    private static final String TARGET = "bob@example.org/b";
    // echo -n "sid1alice@example.org/abob@example.org/b" | sha1sum
    private static final String ADDRESS = "e5092daed0f7e71bd828a724da114a6c0ecbaee5";

    private final Transfers transfers = new Transfers(4);
    private final ProxyDispatcher dispatcher = new ProxyDispatcher(TestStanzas.jid("proxy.example.org"), "Proxy",
            "127.0.0.1", 7777, transfers, Relay::new);

    @Test
    void addressIsSha1OfSidInitiatorAndTarget() {
        assertEquals(ADDRESS, ProxyDispatcher.address(SID, INITIATOR, TARGET));
    }

    @Test
    void greetingWithoutNoAuthMethodIsRefused() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {5, 1, 2}));
        assertArrayEquals(new byte[] {5, (byte) 0xFF}, read(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void connectIsAcceptedAndEchoesTheAddress() {
        EmbeddedChannel ch = connect(ADDRESS);
        assertArrayEquals(Socks5Handshake.reply(0, ADDRESS), read(ch));
        assertTrue(ch.isOpen());
        assertEquals(1, transfers.connections());
    }

    @Test
    void otherCommandsAndAddressTypesAreRefused() {
        EmbeddedChannel bind = channel();
        bind.writeInbound(greeting(), request(2, ADDRESS));
        read(bind);
        assertEquals(7, read(bind)[1]);
        assertFalse(bind.isOpen());

        EmbeddedChannel ipv4 = channel();
        ipv4.writeInbound(greeting(), Unpooled.wrappedBuffer(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, 0, 0}));
        read(ipv4);
        assertEquals(8, read(ipv4)[1]);
        assertFalse(ipv4.isOpen());
    }

    @Test
    void aThirdConnectionForOneTransferIsRefused() {
        connect(ADDRESS);
        connect(ADDRESS);
        EmbeddedChannel third = connect(ADDRESS);
        assertEquals(2, read(third)[1]);
        assertFalse(third.isOpen());
    }

    @Test
    void connectionsPastTheLimitAreRefused() {
        for (int i = 0; i < 4; i++) {
            connect(ProxyDispatcher.address("s" + i, INITIATOR, TARGET));
        }
        EmbeddedChannel fifth = connect(ADDRESS);
        assertEquals(1, read(fifth)[1]);
        assertFalse(fifth.isOpen());
    }

    @Test
    void activationRelaysBytesBothWaysIncludingBytesSentEarly() {
        EmbeddedChannel target = connect(ADDRESS);
        EmbeddedChannel initiator = connect(ADDRESS);
        read(target);
        read(initiator);
        initiator.writeInbound(Unpooled.copiedBuffer("early ", StandardCharsets.US_ASCII));
        assertNull(target.readOutbound(), "nothing relayed before activation");

        assertEquals(List.of("result"), activate(INITIATOR, TARGET));
        target.runPendingTasks();
        initiator.runPendingTasks();
        initiator.writeInbound(Unpooled.copiedBuffer("file bytes", StandardCharsets.US_ASCII));
        target.writeInbound(Unpooled.copiedBuffer("ack", StandardCharsets.US_ASCII));
        assertEquals("early file bytes", text(target));
        assertEquals("ack", text(initiator));

        initiator.close();
        target.runPendingTasks();
        assertFalse(target.isOpen(), "the other side closes with its peer");
    }

    @Test
    void activationByAnotherEntityOrBeforeBothConnectFails() {
        connect(ADDRESS);
        assertEquals(List.of("item-not-found"), activate(INITIATOR, TARGET));
        connect(ADDRESS);
        assertEquals(List.of("item-not-found"), activate("mallory@example.org/m", TARGET));
        assertEquals(List.of("result"), activate(INITIATOR, TARGET));
        assertEquals(List.of("not-allowed"), activate(INITIATOR, TARGET));
    }

    @Test
    void streamhostQueryAndDiscoIdentity() {
        List<Stanza> out = new ArrayList<>();
        Stanza q = TestStanzas.iq(INITIATOR, "proxy.example.org", "get", ProxyDispatcher.BYTESTREAMS, "query");
        dispatcher.receive(q, router(out));
        var host = out.get(0).element().element(QName.get("query", ProxyDispatcher.BYTESTREAMS))
                .element(QName.get("streamhost", ProxyDispatcher.BYTESTREAMS));
        assertEquals("proxy.example.org", host.attributeValue("jid"));
        assertEquals("127.0.0.1", host.attributeValue("host"));
        assertEquals("7777", host.attributeValue("port"));

        dispatcher.receive(TestStanzas.iq(INITIATOR, "proxy.example.org", "get", ProxyDispatcher.DISCO_INFO,
                "query"), router(out));
        var identity = out.get(1).element().element(QName.get("query", ProxyDispatcher.DISCO_INFO))
                .element(QName.get("identity", ProxyDispatcher.DISCO_INFO));
        assertEquals("proxy", identity.attributeValue("category"));
        assertEquals("bytestreams", identity.attributeValue("type"));

        dispatcher.receive(TestStanzas.iq(INITIATOR, "proxy.example.org", "get", "urn:x", "y"), router(out));
        assertEquals("service-unavailable", TestStanzas.condition(out.get(2)));
    }

    @Test
    void advertisedHostFallsBackToLoopbackWhenBoundToAllInterfaces() {
        assertEquals("127.0.0.1", ProxyService.advertisedHost("", ""));
        assertEquals("127.0.0.1", ProxyService.advertisedHost("", "0.0.0.0"));
        assertEquals("192.0.2.7", ProxyService.advertisedHost(" ", "192.0.2.7"));
        assertEquals("files.example.org", ProxyService.advertisedHost("files.example.org", "192.0.2.7"));
    }

    private List<String> activate(String from, String target) {
        List<Stanza> out = new ArrayList<>();
        Stanza iq = TestStanzas.iq(from, "proxy.example.org", "set", ProxyDispatcher.BYTESTREAMS, "query");
        iq.payload().addAttribute("sid", SID);
        iq.payload().addElement(QName.get("activate", ProxyDispatcher.BYTESTREAMS)).setText(target);
        dispatcher.receive(iq, router(out));
        List<String> outcome = new ArrayList<>();
        for (Stanza s : out) {
            outcome.add(s.isError() ? TestStanzas.condition(s) : s.type());
        }
        return outcome;
    }

    private static Router router(List<Stanza> out) {
        return new Router() {
            public void route(Stanza stanza) {
                out.add(stanza);
            }

            public void receive(ClientSession origin, Stanza stanza) {
                out.add(stanza);
            }
        };
    }

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new Socks5Handshake(transfers));
    }

    private EmbeddedChannel connect(String address) {
        EmbeddedChannel ch = channel();
        ch.writeInbound(greeting());
        assertArrayEquals(new byte[] {5, 0}, read(ch));
        ch.writeInbound(request(1, address));
        return ch;
    }

    private static ByteBuf greeting() {
        return Unpooled.wrappedBuffer(new byte[] {5, 1, 0});
    }

    private static ByteBuf request(int command, String address) {
        byte[] host = address.getBytes(StandardCharsets.US_ASCII);
        ByteBuf b = Unpooled.buffer().writeByte(5).writeByte(command).writeByte(0).writeByte(3)
                .writeByte(host.length).writeBytes(host).writeShort(0);
        return b;
    }

    private static byte[] read(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        return bytes;
    }

    private static String text(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) {
            sb.append(b.toString(StandardCharsets.US_ASCII));
        }
        return sb.toString();
    }
}
