/** The router, the hosted-service whiteboard and the remote-domain (s2s) whiteboard. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package parlance.api.router;
