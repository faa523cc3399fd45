/** Typed XMPP addresses, prepared once when parsed (RFC 7622). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package parlance.api.address;
