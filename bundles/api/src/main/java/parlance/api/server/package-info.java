/** Server-wide information and the listener whiteboard. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package parlance.api.server;
