/** The router and the hosted-service whiteboard. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package parlance.api.router;
