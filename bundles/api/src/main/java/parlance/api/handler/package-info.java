/**
 * The handler SPI: IQ handlers keyed by (type, namespace, element, target), message/presence handlers, and (since
 * 1.1) message interceptors.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package parlance.api.handler;
