package parlance.xml;

/**
 * The values of a stream header, the {@code <stream:stream>} start tag (RFC 6120 §4.7); each is {@code null} when
 * absent. The parser has checked that the element is {@code stream} in {@code http://etherx.jabber.org/streams};
 * checking {@link #defaultNamespace()}, {@link #streamPrefix()}, {@link #version()} and the addresses is the stream
 * layer's job (RFC 6120 §4.9.3.10, §4.9.3.2, §4.9.3.25).
 */
public final class StreamHeader {
    private final String to;
    private final String from;
    private final String id;
    private final String version;
    private final String lang;
    private final String defaultNamespace;
    private final String streamPrefix;

    public StreamHeader(String to, String from, String id, String version, String lang, String defaultNamespace,
            String streamPrefix) {
        this.to = to;
        this.from = from;
        this.id = id;
        this.version = version;
        this.lang = lang;
        this.defaultNamespace = defaultNamespace;
        this.streamPrefix = streamPrefix;
    }

    /** The {@code to} attribute (RFC 6120 §4.7.2). */
    public String to() {
        return to;
    }

    /** The {@code from} attribute (RFC 6120 §4.7.1). */
    public String from() {
        return from;
    }

    /** The {@code id} attribute (RFC 6120 §4.7.3); a client normally sends none. */
    public String id() {
        return id;
    }

    /** The {@code version} attribute (RFC 6120 §4.7.5), normally {@code 1.0}. */
    public String version() {
        return version;
    }

    /** The {@code xml:lang} attribute (RFC 6120 §4.7.4). */
    public String lang() {
        return lang;
    }

    /** The default namespace declared on the header (RFC 6120 §4.8.2), e.g. {@code jabber:client}. */
    public String defaultNamespace() {
        return defaultNamespace;
    }

    /** The prefix of the header element, normally {@code stream}; empty when it had none (RFC 6120 §4.8.5). */
    public String streamPrefix() {
        return streamPrefix;
    }

    @Override
    public String toString() {
        return "StreamHeader{to=" + to + ", from=" + from + ", id=" + id + ", version=" + version + ", lang=" + lang
                + ", xmlns=" + defaultNamespace + ", prefix=" + streamPrefix + "}";
    }
}
