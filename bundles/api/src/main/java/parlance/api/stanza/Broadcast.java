package parlance.api.stanza;

import java.util.function.Function;
import org.dom4j.Element;
import parlance.api.address.Jid;

/**
 * One stanza sent to many recipients (a MUC room message, a PEP notification): the element without its {@code to}
 * attribute, which differs per recipient. A transport that writes bytes serialises the template once and caches
 * the result here ({@link #serialized}), so a fan-out to n recipients costs one serialisation plus n short writes
 * (ARCHITECTURE: "fan-out serialises a stanza once"). Transports without such a path use {@link #stanzaFor}.
 *
 * <p>The template is never mutated after construction; a Broadcast is safe to share between threads.
 */
public final class Broadcast {
    private final Element template;
    private final Jid from;
    private volatile Object serialized;

    private Broadcast(Element template, Jid from) {
        this.template = template;
        this.from = from;
    }

    /**
     * A broadcast of {@code template}, whose {@code from} attribute is already set to {@code from} and which has no
     * {@code to} attribute (it is removed here if present, on the caller's element).
     *
     * @throws IllegalArgumentException if the element is no message, presence or iq
     */
    public static Broadcast of(Element template, Jid from) {
        if (Stanza.Kind.forElement(template.getName()) == null) {
            throw new IllegalArgumentException("not a stanza: " + template.getName());
        }
        org.dom4j.Attribute to = template.attribute("to");
        if (to != null) {
            template.remove(to);
        }
        return new Broadcast(template, from);
    }

    /** The shared element, without {@code to}; never to be mutated. */
    public Element template() {
        return template;
    }

    public Jid from() {
        return from;
    }

    /** The stanza as one recipient receives it: a copy of the template addressed {@code to}. */
    public Stanza stanzaFor(Jid to) {
        Element copy = template.createCopy();
        copy.addAttribute("to", to.toString());
        return Stanza.of(copy, from, to);
    }

    /**
     * The template serialised by {@code serializer}, computed by the first caller and shared by all later ones.
     * One form is cached (the stream layer's); a caller asking for another {@code type} gets a fresh, uncached
     * result. Concurrent first calls may both compute; one result wins.
     */
    public <T> T serialized(Class<T> type, Function<Element, T> serializer) {
        Object s = serialized;
        if (s == null) {
            T fresh = serializer.apply(template);
            serialized = fresh;
            return fresh;
        }
        return type.isInstance(s) ? type.cast(s) : serializer.apply(template);
    }
}
