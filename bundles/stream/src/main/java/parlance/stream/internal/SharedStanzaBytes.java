package parlance.stream.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.dom4j.Element;
import parlance.api.address.Jid;
import parlance.api.stanza.Broadcast;
import parlance.api.stanza.Namespaces;
import parlance.xml.XmlWriter;

/**
 * A broadcast stanza serialised once for a {@code jabber:client} stream, split after the element name
 * ({@code <message}) so that each recipient's copy is the shared head, its own {@code  to='...'} attribute and the
 * shared tail, copied into one array (ARCHITECTURE: fan-out serialises a stanza once).
 */
final class SharedStanzaBytes {
    private final byte[] bytes;
    private final int split;

    private SharedStanzaBytes(byte[] bytes, int split) {
        this.bytes = bytes;
        this.split = split;
    }

    /** The broadcast's stream form, computed by the first recipient's connection and cached in the broadcast. */
    static SharedStanzaBytes of(Broadcast broadcast) {
        return broadcast.serialized(SharedStanzaBytes.class, SharedStanzaBytes::serialize);
    }

    static SharedStanzaBytes serialize(Element template) {
        byte[] bytes = XmlWriter.toBytes(template, Namespaces.CLIENT);
        // the writer starts a jabber:client stanza with '<' and its local name (no prefix, no declaration first)
        String name = template.getName();
        int split = 1 + name.length();
        if (bytes.length <= split || bytes[0] != '<' || (bytes[split] != ' ' && bytes[split] != '>'
                && bytes[split] != '/')) {
            throw new IllegalStateException("unexpected serialised form of " + name);
        }
        return new SharedStanzaBytes(bytes, split);
    }

    /**
     * One recipient's copy: head, {@code to} and tail copied into one array (three array copies of a few hundred
     * bytes cost less than a composite buffer's bookkeeping; FanoutBenchmark).
     */
    ByteBuf forRecipient(Jid to) {
        byte[] attr = XmlWriter.attribute("to", to.toString());
        byte[] out = new byte[bytes.length + attr.length];
        System.arraycopy(bytes, 0, out, 0, split);
        System.arraycopy(attr, 0, out, split, attr.length);
        System.arraycopy(bytes, split, out, split + attr.length, bytes.length - split);
        return Unpooled.wrappedBuffer(out);
    }

    /** The whole copy as bytes (tests, and transports that need an array). */
    byte[] bytesFor(Jid to) {
        ByteBuf buf = forRecipient(to);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        buf.release();
        return out;
    }
}
