package parlance.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;

/** Records what a parser reports, as comparable strings plus the elements themselves. */
final class Recorder implements XmppStreamListener {
    final List<String> events = new ArrayList<>();
    final List<Element> elements = new ArrayList<>();
    final List<StreamHeader> headers = new ArrayList<>();
    int closed;

    @Override
    public void streamOpened(StreamHeader header) {
        headers.add(header);
        events.add("open " + header);
    }

    @Override
    public void element(Element element) {
        elements.add(element);
        events.add("element " + XmlWriter.toXml(element));
    }

    @Override
    public void streamClosed() {
        closed++;
        events.add("close");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds the whole text at once and returns the recorder. */
    static Recorder parse(String xml, int max) throws XmlStreamException {
        Recorder recorder = new Recorder();
        byte[] bytes = utf8(xml);
        new XmppStreamParser(recorder, max).feed(bytes, 0, bytes.length);
        return recorder;
    }

    /** Feeds the text and returns the stream error it fails with (or fails the test when it does not). */
    static XmlStreamException failure(String xml) {
        try {
            parse(xml, 65536);
        } catch (XmlStreamException e) {
            return e;
        }
        throw new AssertionError("no error for " + xml);
    }
}
