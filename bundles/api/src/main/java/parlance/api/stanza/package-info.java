/** The stanza model: stanzas as values over dom4j elements, error conditions and reply builders (RFC 6120). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package parlance.api.stanza;
