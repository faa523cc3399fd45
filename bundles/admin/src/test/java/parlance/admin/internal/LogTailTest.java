package parlance.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void lastLinesOfALongFile() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            lines.add("line " + i + " " + "x".repeat(i % 37));
        }
        Path log = dir.resolve("parlance.log");
        Files.write(log, lines, StandardCharsets.UTF_8);
        assertEquals(lines.subList(4990, 5000), LogTail.tail(log, 10));
        assertEquals(lines.subList(4999, 5000), LogTail.tail(log, 1));
        assertEquals(lines, LogTail.tail(log, 6000));
    }

    @Test
    void lastLineWithoutNewlineAndMissingFile() throws Exception {
        Path log = dir.resolve("parlance.log");
        Files.writeString(log, "a\nb\nc");
        assertEquals(List.of("b", "c"), LogTail.tail(log, 2));
        assertEquals(List.of(), LogTail.tail(dir.resolve("none.log"), 5));
    }
}
