package parlance.upload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class FileNamesTest {
    @Test
    void pathTraversalIsCutToTheLastSegment() {
        assertEquals("passwd", FileNames.sanitize("../../etc/passwd"));
        assertEquals("win.ini", FileNames.sanitize("..\\..\\windows\\win.ini"));
        assertEquals("c", FileNames.sanitize("a/b/../c"));
        assertEquals("file", FileNames.sanitize(".."));
        assertEquals("file", FileNames.sanitize("../"));
        assertEquals("file", FileNames.sanitize(""));
        assertEquals("file", FileNames.sanitize(null));
    }

    @Test
    void noHiddenFilesNoControlCharactersNoSeparators() {
        assertEquals("htaccess", FileNames.sanitize(".htaccess"));
        assertEquals("a_b.txt", FileNames.sanitize("a\u0000\nb.txt"));
        assertEquals("x_2F_y.png", FileNames.sanitize("x;%2F:y.png"));
        String s = FileNames.sanitize("..%2F..%2Fsecret");
        assertFalse(s.contains("/") || s.contains("\\") || s.startsWith("."), s);
    }

    @Test
    void lettersOfAnyScriptStayAndLongNamesKeepTheirExtension() {
        assertEquals("très_cool.jpg", FileNames.sanitize("très cool.jpg"));
        String longName = FileNames.sanitize("x".repeat(300) + ".jpeg");
        assertEquals(FileNames.MAX_LENGTH, longName.length());
        assertTrue(longName.endsWith(".jpeg"));
    }

    @Test
    void urlSegmentsArePercentEncodedUtf8() {
        assertEquals("tr%C3%A8s_cool.jpg", FileNames.urlSegment("très_cool.jpg"));
    }

    @Test
    void tokensAre128BitUrlSafeAndDistinct() {
        SecureRandom random = new SecureRandom();
        String a = FileNames.newToken(random);
        String b = FileNames.newToken(random);
        assertTrue(FileNames.isToken(a) && FileNames.isToken(b));
        assertEquals(22, a.length());
        assertNotEquals(a, b);
        assertFalse(FileNames.isToken(".."));
        assertFalse(FileNames.isToken("../../../etc/passwd12345"));
    }

    @Test
    void mediaTypeDropsParameters() {
        assertEquals("application/octet-stream", FileNames.mediaType("application/octet-stream;"));
        assertEquals("text/plain", FileNames.mediaType(" Text/Plain ; charset=utf-8"));
        assertEquals("", FileNames.mediaType(null));
    }
}
