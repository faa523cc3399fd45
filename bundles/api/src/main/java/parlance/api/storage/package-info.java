/**
 * The storage SPI: narrow, per concern, asynchronous. Derby is the embedded default provider; a JDBC provider for
 * PostgreSQL can replace it without touching handlers.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package parlance.api.storage;
