/**
 * The console page whiteboard: other bundles contribute pages to the admin console ({@code /admin}) by registering
 * a {@link parlance.admin.spi.ConsolePage} service.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package parlance.admin.spi;
