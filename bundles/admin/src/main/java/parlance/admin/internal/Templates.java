package parlance.admin.internal;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's Mustache templates ({@code templates/*.mustache} in this bundle), compiled once. Every
 * {@code {{value}}} is HTML-escaped by jmustache; the only unescaped insertion is a contributed page's body.
 */
final class Templates {
    private final Mustache.Compiler compiler;
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    Templates() {
        compiler = Mustache.compiler().escapeHTML(true).defaultValue("").withLoader(name -> reader(name));
    }

    String render(String name, Map<String, Object> model) {
        return compiled.computeIfAbsent(name, n -> {
            try (java.io.Reader r = reader(n)) {
                return compiler.compile(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).execute(model);
    }

    private static java.io.Reader reader(String name) {
        InputStream in = Templates.class.getResourceAsStream("templates/" + name + ".mustache");
        if (in == null) {
            throw new IllegalArgumentException("no template " + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** A resource of this bundle next to the templates (CSS, the OpenAPI document). */
    static byte[] resource(String name) throws IOException {
        try (InputStream in = Templates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
