package parlance.api.stanza;

import java.util.Objects;
import org.dom4j.Element;
import parlance.api.address.Jid;

/**
 * A stanza (RFC 6120 §8) as it travels through the router: the dom4j element plus its addresses, parsed and
 * prepared once by the stream layer.
 *
 * <p>Stanzas are values: a handler never mutates {@link #element()} of a stanza it was given; it builds a new
 * element (see {@link Stanzas}) and wraps it with {@link #of}. {@link #from()} is always set on a stanza that
 * entered the router from a session (RFC 6120 §8.1.2.1 stamps it); {@link #to()} is {@code null} for a stanza
 * addressed to the sender's own account or server.
 */
public final class Stanza {
    /** The three stanza kinds of RFC 6120 §8.2. */
    public enum Kind {
        MESSAGE("message"), PRESENCE("presence"), IQ("iq");

        private final String elementName;

        Kind(String elementName) {
            this.elementName = elementName;
        }

        public String elementName() {
            return elementName;
        }

        /** The kind of a top-level element name, or {@code null} when it is no stanza. */
        public static Kind forElement(String name) {
            switch (name) {
                case "message":
                    return MESSAGE;
                case "presence":
                    return PRESENCE;
                case "iq":
                    return IQ;
                default:
                    return null;
            }
        }
    }

    private final Element element;
    private final Kind kind;
    private final Jid from;
    private final Jid to;

    private Stanza(Element element, Kind kind, Jid from, Jid to) {
        this.element = element;
        this.kind = kind;
        this.from = from;
        this.to = to;
    }

    /**
     * Wraps an element whose {@code from} and {@code to} attributes already match the given addresses.
     *
     * @throws IllegalArgumentException if the element is no message, presence or iq
     */
    public static Stanza of(Element element, Jid from, Jid to) {
        Kind kind = Kind.forElement(element.getName());
        if (kind == null) {
            throw new IllegalArgumentException("not a stanza: " + element.getName());
        }
        return new Stanza(element, kind, from, to);
    }

    public Element element() {
        return element;
    }

    public Kind kind() {
        return kind;
    }

    public Jid from() {
        return from;
    }

    public Jid to() {
        return to;
    }

    /** The {@code type} attribute, or the kind's default (RFC 6121: "normal" for message, "available" for presence). */
    public String type() {
        String type = element.attributeValue("type");
        if (type != null) {
            return type;
        }
        return kind == Kind.MESSAGE ? "normal" : kind == Kind.PRESENCE ? "available" : "";
    }

    public String id() {
        return element.attributeValue("id");
    }

    public boolean isIq() {
        return kind == Kind.IQ;
    }

    /** True for an IQ of type get or set, i.e. one that demands a reply (RFC 6120 §8.2.3). */
    public boolean isIqRequest() {
        if (kind != Kind.IQ) {
            return false;
        }
        String type = element.attributeValue("type");
        return "get".equals(type) || "set".equals(type);
    }

    /** True for a stanza of type error, which is never answered with another error (RFC 6120 §8.3.1). */
    public boolean isError() {
        return "error".equals(element.attributeValue("type"));
    }

    /** The first child element of an IQ (its payload), or {@code null}. */
    public Element payload() {
        for (Object node : element.elements()) {
            Element child = (Element) node;
            if (!"error".equals(child.getName())) {
                return child;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return kind.elementName() + "{from=" + from + ", to=" + to + ", type=" + type() + ", id=" + id() + "}";
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Stanza && ((Stanza) o).element == element);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(element);
    }
}
