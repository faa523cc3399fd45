/** The handler SPI: IQ handlers keyed by (type, namespace, element, target) and message/presence handlers. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package parlance.api.handler;
