package parlance.admin.spi;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a page of the admin console contributed by another bundle. Register an implementation as a service
 * (a DS component); the console lists it in its navigation under {@link #title()} and serves it at
 * {@code /admin/pages/<label>} to signed-in administrators only, inside the console's own layout. The page leaves
 * when its bundle does.
 *
 * <p>{@code service.ranking} orders the navigation (higher first, then by title).
 */
@ConsumerType
public interface ConsolePage {
    /** The URL segment, unique among pages: lower-case letters, digits and {@code -} (e.g. {@code muc-rooms}). */
    String label();

    /** The human title, shown in the navigation and as the page heading. */
    String title();

    /**
     * Renders the page body for a GET request with the given query parameters. The result is an HTML fragment placed
     * inside the console's {@code <main>} element as is: the page must escape everything it did not write itself
     * (see {@link #escape(String)}). Called on an HTTP server thread; may block briefly, never indefinitely.
     */
    String render(Map<String, List<String>> parameters);

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}
