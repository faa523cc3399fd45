package parlance.benchmarks;

import java.nio.charset.StandardCharsets;
import org.dom4j.Element;
import parlance.xml.StreamHeader;
import parlance.xml.XmlStreamException;
import parlance.xml.XmppStreamListener;
import parlance.xml.XmppStreamParser;

/** The sample traffic the benchmarks share: a client stream header and a typical one-to-one chat message. */
final class Samples {
    static final String DOMAIN = "example.org";

    /** What a client sends to open its stream (RFC 6120 §4.7, §4.8). */
    static final String CLIENT_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0' xml:lang='en'>";

    /**
     * A chat message as a client sends it (RFC 6121 §5): to a full JID, with a body, a thread, a chat state
     * (XEP-0085), a receipt request (XEP-0184) and an origin-id (XEP-0359). 412 bytes of UTF-8.
     */
    static final String CHAT_MESSAGE = "<message to='romeo@example.org/orchard' type='chat' id='ktx72v49'"
            + " xml:lang='en'><body>Art thou not Romeo, and a Montague? \u2014 Neither, fair saint, if either"
            + " thee dislike.</body><thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/>"
            + "<request xmlns='urn:xmpp:receipts'/>"
            + "<origin-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546014'/></message>";

    static final byte[] CLIENT_HEADER_BYTES = CLIENT_HEADER.getBytes(StandardCharsets.UTF_8);
    static final byte[] CHAT_MESSAGE_BYTES = CHAT_MESSAGE.getBytes(StandardCharsets.UTF_8);

    private Samples() {
    }

    /** The chat message as the stream layer hands it on: parsed by the real parser, detached, in jabber:client. */
    static Element parsedChatMessage() throws XmlStreamException {
        Element[] out = new Element[1];
        XmppStreamParser parser = new XmppStreamParser(new XmppStreamListener() {
            @Override
            public void streamOpened(StreamHeader header) {
            }

            @Override
            public void element(Element element) {
                out[0] = element;
            }

            @Override
            public void streamClosed() {
            }
        }, 65536);
        parser.feed(CLIENT_HEADER_BYTES, 0, CLIENT_HEADER_BYTES.length);
        parser.feed(CHAT_MESSAGE_BYTES, 0, CHAT_MESSAGE_BYTES.length);
        if (out[0] == null) {
            throw new IllegalStateException("the sample message did not parse");
        }
        return out[0];
    }
}
