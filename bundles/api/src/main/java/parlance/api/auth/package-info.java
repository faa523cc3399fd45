/** Authentication SPI: SASL mechanisms as services (RFC 6120 §6) and account administration. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package parlance.api.auth;
