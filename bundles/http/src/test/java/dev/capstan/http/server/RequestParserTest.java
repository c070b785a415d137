package dev.capstan.http.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.http.wire.HttpInput;
import dev.capstan.http.wire.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestParserTest {
    private static final Limits LIMITS = Limits.DEFAULT;

    /** The bytes supervisorctl 4.2.5's {@code tail -f} sends over the Unix socket, captured with socat. */
    static final String SUPERVISORCTL_TAIL_F = "GET /logtail/clock/stdout HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\n"
            + "Accept: */*\r\nUser-agent: Supervisor HTTP Client\r\n\r\n\r\n";

    private static HttpInput input(String text) {
        return input(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static HttpInput input(byte[] bytes) {
        return new HttpInput(Channels.newChannel(new ByteArrayInputStream(bytes)), 40 * 1024);
    }

    private static int status(String request) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> {
            HttpInput in = input(request);
            RequestHead head = RequestParser.readHead(in, LIMITS);
            RequestParser.announcedLength(head, LIMITS);
            RequestParser.readBody(in, head, LIMITS);
        });
        return e.status();
    }

    @Test
    void supervisorctlsTailRequestWithItsEmptyHostAndStrayLineEnd() throws IOException {
        HttpInput in = input(SUPERVISORCTL_TAIL_F);
        RequestHead head = RequestParser.readHead(in, LIMITS);
        assertEquals("GET", head.method());
        assertEquals("/logtail/clock/stdout", head.path());
        assertEquals("", head.headers().first("host").orElseThrow());
        assertEquals("chunked", head.headers().first("ACCEPT-ENCODING").orElseThrow());
        assertTrue(head.http11() && head.keepAlive());
        assertEquals(0, RequestParser.readBody(in, head, LIMITS).length);
        assertNull(RequestParser.readHead(in, LIMITS), "the stray CRLF is not a request");
    }

    @Test
    void pythonXmlRpcRequestWithItsBody() throws IOException {
        String body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getVersion</methodName>\n"
                + "<params>\n</params>\n</methodCall>\n";
        HttpInput in = input("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\n"
                + "User-Agent: Python-xmlrpc/3.11\r\nContent-Type: text/xml\r\nAccept: text/xml\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body + "GET /next HTTP/1.1\r\n\r\n");
        RequestHead head = RequestParser.readHead(in, LIMITS);
        assertEquals("/RPC2", head.path());
        assertEquals(body, new String(RequestParser.readBody(in, head, LIMITS), StandardCharsets.UTF_8));
        assertEquals("/next", RequestParser.readHead(in, LIMITS).path(), "the next request of the connection stays");
    }

    @Test
    void emptyLinesBeforeARequestAndBareLineFeedsAreAccepted() throws IOException {
        HttpInput in = input("\r\n\n\r\nGET /a?x=1&y=%20#frag HTTP/1.0\nHost: any.example:99\n\n");
        RequestHead head = RequestParser.readHead(in, LIMITS);
        assertEquals("/a", head.path());
        assertEquals("x=1&y=%20", head.query());
        assertFalse(head.http11() || head.keepAlive(), "HTTP/1.0 closes unless asked");
        assertEquals(400, status("\r\n".repeat(9) + "GET / HTTP/1.1\r\n\r\n"), "but not forever");
    }

    @Test
    void noHostAtAllIsFineToo() throws IOException {
        assertEquals("/", RequestParser.readHead(input("GET / HTTP/1.1\r\n\r\n"), LIMITS).path());
    }

    @Test
    void pathsAreDecodedAndCheckedTargetsInAbsoluteFormToo() throws IOException {
        assertEquals("/logtail/caf\u00e9 x", RequestParser.path("/logtail/caf%C3%A9%20x"));
        assertEquals("/RPC2", RequestParser.path("http://unix/RPC2"));
        assertEquals("/", RequestParser.path("http://localhost:9001"));
        assertEquals("*", RequestParser.path("*"));
        for (String bad : new String[] {"/a/../etc", "/a/./b", "/..", "/%2e%2e/x", "/a%2Fb", "/a%00", "/%zz", "/%C3", "x", ""}) {
            assertEquals(400, assertThrows(ProtocolException.class, () -> RequestParser.path(bad)).status(), bad);
        }
    }

    @Test
    void malformedRequestsAre400() {
        assertEquals(400, status("GET /\r\n\r\n"), "HTTP/0.9");
        assertEquals(400, status("GET  / HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1 x\r\n\r\n"));
        assertEquals(400, status("G(T / HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003 / x\r\n\r\n"), "TLS hello");
        assertEquals(400, status("GET / HTTP/1.1\r\nHost : x\r\n\r\n"), "space before the colon");
        assertEquals(400, status("GET / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nno colon\r\n\r\n"));
        assertEquals(400, status("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
        assertEquals(400, status("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
        assertEquals(400, status("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                "both framings: a smuggling attempt");
        assertEquals(400, status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        assertEquals(501, status("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"));
        assertEquals(505, status("PRI * HTTP/2.0\r\n\r\n"));
        assertThrows(IOException.class, () -> {
            HttpInput in = input("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort");
            RequestParser.readBody(in, RequestParser.readHead(in, LIMITS), LIMITS);
        }, "a body cut short");
    }

    @Test
    void limitsGive413414And431() {
        assertEquals(414, status("GET /" + "a".repeat(LIMITS.requestLine()) + " HTTP/1.1\r\n\r\n"));
        assertEquals(431, status("GET / HTTP/1.1\r\nX: " + "a".repeat(LIMITS.headBytes()) + "\r\n\r\n"));
        assertEquals(431, status("GET / HTTP/1.1\r\n" + "X: 1\r\n".repeat(LIMITS.headers() + 1) + "\r\n"));
        assertEquals(431, status("GET / HTTP/1.1\r\n" + ("X: " + "a".repeat(1000) + "\r\n").repeat(40) + "\r\n"),
                "many fields, each short, together too large");
        assertEquals(413, status("POST / HTTP/1.1\r\nContent-Length: " + (LIMITS.body() + 1) + "\r\n\r\n"));
        assertEquals(413, status("POST / HTTP/1.1\r\nContent-Length: 99999999999999999\r\n\r\n"));
        String chunk = Integer.toHexString(64 * 1024) + "\r\n" + "a".repeat(64 * 1024) + "\r\n";
        assertEquals(413, status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk.repeat(17) + "0\r\n\r\n"));
        assertEquals(413, status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffff\r\n"));
    }

    @Test
    void chunkedBodiesAreDecodedWithExtensionsAndTrailers() throws IOException {
        HttpInput in = input("POST /x HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n5;ext=1\r\nhello\r\n1 \r\n \r\n"
                + "6\r\nworld!\r\n0\r\nX-Trailer: yes\r\n\r\nGET /after HTTP/1.1\r\n\r\n");
        RequestHead head = RequestParser.readHead(in, LIMITS);
        assertEquals(-1, RequestParser.announcedLength(head, LIMITS));
        assertArrayEquals("hello world!".getBytes(StandardCharsets.US_ASCII), RequestParser.readBody(in, head, LIMITS));
        assertEquals("/after", RequestParser.readHead(in, LIMITS).path());
    }

    @Test
    void connectionFieldsDecideKeepAlive() throws IOException {
        assertFalse(RequestParser.readHead(input("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"), LIMITS).keepAlive());
        assertTrue(RequestParser.readHead(input("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), LIMITS).keepAlive());
        assertFalse(RequestParser.readHead(input("GET / HTTP/1.1\r\nConnection: TE, close\r\n\r\n"), LIMITS).keepAlive());
    }
}
