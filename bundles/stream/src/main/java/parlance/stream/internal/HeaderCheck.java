package parlance.stream.internal;

import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StreamError;
import parlance.xml.StreamHeader;

/** Checks a client's stream header (RFC 6120 §4.7, §4.8) before the server answers it. */
final class HeaderCheck {
    private HeaderCheck() {
    }

    /** The stream error to answer with, or {@code null} when the header is acceptable. */
    static StreamError check(StreamHeader header, StreamServices services) {
        if (!Namespaces.CLIENT.equals(header.defaultNamespace())) {
            return StreamError.INVALID_NAMESPACE; // §4.8.2, §4.9.3.10
        }
        String version = header.version();
        if (version == null || !version.startsWith("1.")) {
            return StreamError.UNSUPPORTED_VERSION; // §4.7.5, §4.9.3.25
        }
        if (!servesDomain(header.to(), services)) {
            return StreamError.HOST_UNKNOWN; // §4.7.2, §4.9.3.6
        }
        return null;
    }

    private static boolean servesDomain(String to, StreamServices services) {
        if (to == null) {
            return false;
        }
        if (to.equals(services.domain)) {
            return true;
        }
        try {
            return services.domain.equals(services.preparer().prepareDomain(to));
        } catch (Exception e) {
            return false;
        }
    }
}
