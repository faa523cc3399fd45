/**
 * The IRC gateway (XEP-0100, XEP-0106, XEP-0045 subset over RFC 1459/RFC 2812), written only against the public
 * SPI ({@code parlance.api.*}), Netty and slf4j, as the worked example of an extension bundle: {@link
 * parlance.irc.internal.IrcService} (DS component, typed configuration, {@code HostedService} registration) is where
 * to start reading. Not exported.
 */
package parlance.irc.internal;
