package dev.capstan.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    private static String head(int status, long length) {
        return new String(StatusLine.head(status, "text/plain", length, false, List.of("ETag", "\"1\"")),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBodyIsAnnouncedByItsLengthOrAsChunked() {
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nETag: \"1\"\r\n\r\n", head(200, 5));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nETag: \"1\"\r\n\r\n",
                head(200, StatusLine.CHUNKED));
    }

    @Test
    void noContentAndNotModifiedAnnounceNoBody() {
        assertEquals("HTTP/1.1 304 Not Modified\r\nContent-Type: text/plain\r\nETag: \"1\"\r\n\r\n", head(304, 0));
        assertEquals("HTTP/1.1 204 No Content\r\nContent-Type: text/plain\r\nETag: \"1\"\r\n\r\n", head(204, 0));
    }
}
