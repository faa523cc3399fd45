/**
 * XML for XMPP streams (RFC 6120 §4, §11): an incremental, non-blocking stream parser that turns bytes into dom4j
 * elements (one per first-level child of {@code <stream:stream>}), enforcing restricted XML (§11.1), UTF-8 (§11.6)
 * and a per-stanza size cap; and a writer that serialises elements for a stream or for storage.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package parlance.xml;
