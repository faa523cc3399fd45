/** The server's TLS identity from {@code <home>/etc/tls}: PEM and PKCS#12 reading, fingerprints. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package parlance.tls;
