/**
 * In-band registration before authentication (XEP-0077 §3.1), offered to the stream layer as the
 * {@link parlance.disco.Registration} service.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package parlance.disco;
