package parlance.admin.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last lines of a log file, read backwards from its end in blocks (never the whole file). */
final class LogTail {
    private static final int BLOCK = 8192;
    /** Reads no more than this many bytes from the end, however long the lines. */
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    private LogTail() {
    }

    static List<String> tail(Path file, int lines) throws IOException {
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long end = f.length();
            long start = end;
            int newlines = 0;
            byte[] buf = new byte[BLOCK];
            // find the start of the (lines)th line from the end; a trailing newline does not start a line
            outer:
            while (start > 0 && end - start < MAX_BYTES) {
                int n = (int) Math.min(BLOCK, start);
                start -= n;
                f.seek(start);
                f.readFully(buf, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf[i] == '\n' && start + i != end - 1) {
                        newlines++;
                        if (newlines == lines) {
                            start = start + i + 1;
                            break outer;
                        }
                    }
                }
            }
            byte[] data = new byte[(int) (end - start)];
            f.seek(start);
            f.readFully(data);
            Deque<String> out = new ArrayDeque<>();
            for (String line : new String(data, StandardCharsets.UTF_8).split("\r?\n", -1)) {
                out.addLast(line);
            }
            if (!out.isEmpty() && out.peekLast().isEmpty()) {
                out.removeLast();
            }
            while (out.size() > lines) {
                out.removeFirst();
            }
            return new ArrayList<>(out);
        }
    }
}
