/** Client sessions, the session table and session lifecycle listeners (RFC 6120 §7, RFC 6121). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package parlance.api.session;
