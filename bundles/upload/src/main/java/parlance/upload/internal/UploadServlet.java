package parlance.upload.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Locale;

/**
 * {@code /upload/<token>/<name>} on the HTTP listener (XEP-0363 §5): PUT stores a slot's file (see
 * {@link Transfers}); GET and HEAD serve it with its type and length, {@code X-Content-Type-Options: nosniff}, a
 * Content-Security-Policy that forbids everything, and a Content-Disposition that shows only media and plain text
 * inline (as Prosody's mod_http_file_share); CORS lets web clients upload and download (preflight on OPTIONS).
 * Runs on Jetty's threads, which may block on the disk.
 */
final class UploadServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String CSP = "default-src 'none'; frame-ancestors 'none'";
    private final transient Transfers transfers;

    UploadServlet(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        cors(resp);
        String[] path = path(req);
        int status = path == null ? Transfers.NOT_FOUND
                : transfers.put(path[0], path[1], req.getContentLengthLong(), req.getContentType(),
                        req.getInputStream());
        resp.setStatus(status);
        resp.setContentLength(0);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    @Override
    protected void doOptions(HttpServletRequest req, HttpServletResponse resp) {
        cors(resp);
        resp.setHeader("Allow", "GET, HEAD, PUT, OPTIONS");
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentLength(0);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        cors(resp);
        String[] path = path(req);
        StoredFile f = path == null ? null : transfers.find(path[0], path[1]);
        if (f == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(f.contentType());
        resp.setContentLengthLong(f.size());
        resp.setHeader("Content-Disposition", disposition(f));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("Cache-Control", "public, max-age=" + transfers.secondsLeft(f) + ", immutable");
        resp.setDateHeader("Last-Modified", f.created());
        if (body) {
            try (OutputStream out = resp.getOutputStream()) {
                Files.copy(transfers.path(f), out);
            }
        }
    }

    /** Inline for images, audio, video and plain text; anything else is a download. */
    static String disposition(StoredFile f) {
        String type = f.contentType().toLowerCase(Locale.ROOT);
        boolean inline = type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/")
                || type.equals("text/plain");
        String name = f.filename();
        boolean ascii = name.chars().allMatch(c -> c < 0x80);
        return (inline ? "inline" : "attachment") + "; filename=\"" + (ascii ? name : "file") + "\""
                + (ascii ? "" : "; filename*=UTF-8''" + FileNames.urlSegment(name));
    }

    /**
     * CORS for browser clients, as Prosody's http module grants it: any origin, these methods and headers. No
     * credentials: slots carry no Authorization header, and the console's cookies on this origin stay private.
     */
    private static void cors(HttpServletResponse resp) {
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.setHeader("Access-Control-Allow-Methods", "GET, HEAD, PUT, OPTIONS");
        resp.setHeader("Access-Control-Allow-Headers", "Content-Type");
        resp.setHeader("Access-Control-Max-Age", "7200");
    }

    /** {@code [token, name]} of {@code /<token>/<name>} below the servlet path, else {@code null}. */
    static String[] path(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || !info.startsWith("/")) {
            return null;
        }
        String[] parts = info.substring(1).split("/", -1);
        return parts.length == 2 && !parts[1].isEmpty() ? parts : null;
    }
}
