package dev.capstan.http.server;

import dev.capstan.http.wire.Headers;
import dev.capstan.http.wire.HttpInput;
import dev.capstan.http.wire.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads requests as RFC 9112 has them, leniently where real clients need it: empty lines before
 * the request line are skipped (supervisorctl's {@code tail -f} sends a stray CRLF after its
 * header block), any Host, an empty one or none is accepted, a bare LF ends a line as CRLF does.
 * Strict where leniency would be a hole: one space between the parts of the request line, no
 * whitespace before a field's colon, no line folding, not both Content-Length and
 * Transfer-Encoding, no transfer coding but chunked.
 */
final class RequestParser {
    /** Empty lines tolerated before a request line. */
    private static final int MAX_EMPTY_LINES = 8;

    private RequestParser() {
    }

    /**
     * Reads a request line and header fields.
     *
     * @return null if the connection ended cleanly before a request
     */
    static RequestHead readHead(HttpInput in, Limits limits) throws IOException {
        String line;
        int empty = 0;
        do {
            line = in.readLine(limits.requestLine(), 414, "request line");
            if (line == null) {
                return null;
            }
            if (line.isEmpty() && ++empty > MAX_EMPTY_LINES) {
                throw new ProtocolException(400, "empty lines instead of a request");
            }
        } while (line.isEmpty());
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw new ProtocolException(400, "not an HTTP/1.1 request line");
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!isToken(method)) {
            throw new ProtocolException(400, "bad method");
        }
        boolean http11;
        if (version.equals("HTTP/1.1")) {
            http11 = true;
        } else if (version.equals("HTTP/1.0")) {
            http11 = false;
        } else if (version.startsWith("HTTP/")) {
            throw new ProtocolException(505, "HTTP version not supported: " + version);
        } else {
            throw new ProtocolException(400, "not an HTTP/1.1 request line");
        }
        Headers headers;
        try {
            headers = in.readFields(limits.headBytes(), limits.headers());
        } catch (java.io.EOFException e) {
            throw new ProtocolException(400, "connection closed in the header block");
        }
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        return new RequestHead(method, path(rawPath), query, http11, headers);
    }

    /**
     * Reads the body the head announces: Content-Length or chunked, at most {@code limits.body()}
     * bytes. Call {@link #announcedLength} first to refuse an announced body that is too large
     * before anything is read.
     */
    static byte[] readBody(HttpInput in, RequestHead head, Limits limits) throws IOException {
        if (chunked(head)) {
            return in.readChunked(limits.body(), limits.requestLine());
        }
        long length = announcedLength(head, limits);
        return length == 0 ? new byte[0] : in.readBytes((int) length);
    }

    /**
     * The body's length from Content-Length (0 without), -1 for a chunked body.
     *
     * @throws ProtocolException 413 for more than the limit, 400 for a bad or conflicting field,
     *                           501 for a transfer coding other than chunked
     */
    static long announcedLength(RequestHead head, Limits limits) throws ProtocolException {
        if (chunked(head)) {
            return -1;
        }
        List<String> lengths = head.headers().tokens("Content-Length");
        if (lengths.isEmpty()) {
            return 0;
        }
        long length = -1;
        for (String value : lengths) {
            long n = digits(value);
            if (n < 0 || (length >= 0 && n != length)) {
                throw new ProtocolException(400, "bad Content-Length");
            }
            length = n;
        }
        if (length > limits.body()) {
            throw new ProtocolException(413, "body larger than " + limits.body() + " bytes");
        }
        return length;
    }

    private static boolean chunked(RequestHead head) throws ProtocolException {
        List<String> codings = head.headers().tokens("Transfer-Encoding");
        if (codings.isEmpty()) {
            return false;
        }
        if (head.headers().first("Content-Length").isPresent()) {
            throw new ProtocolException(400, "both Content-Length and Transfer-Encoding");
        }
        if (codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
            throw new ProtocolException(501, "transfer coding not supported: " + String.join(", ", codings));
        }
        return true;
    }

    /** A decimal of at most 18 digits, or -1. */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * The decoded path of an origin-form target ({@code /a%20b}) or of an absolute-form one
     * ({@code http://unix/RPC2}, as some clients send over a Unix socket). {@code *} stays as it
     * is. A dot segment, an encoded NUL or slash, or a bad escape is refused.
     */
    static String path(String raw) throws ProtocolException {
        String p = raw;
        int scheme = p.indexOf("://");
        if (scheme > 0 && p.charAt(0) != '/') {
            int slash = p.indexOf('/', scheme + 3);
            p = slash < 0 ? "/" : p.substring(slash);
        }
        if (p.equals("*")) {
            return p;
        }
        if (p.isEmpty() || p.charAt(0) != '/') {
            throw new ProtocolException(400, "bad request target");
        }
        String decoded = p.indexOf('%') < 0 ? p : percentDecode(p);
        for (int i = 0; i < decoded.length(); i++) {
            if (decoded.charAt(i) < 0x20 || decoded.charAt(i) == 0x7f) {
                throw new ProtocolException(400, "control character in the path");
            }
        }
        if (decoded.contains("/./") || decoded.contains("/../") || decoded.endsWith("/.") || decoded.endsWith("/..")) {
            throw new ProtocolException(400, "dot segment in the path");
        }
        return decoded;
    }

    private static String percentDecode(String p) throws ProtocolException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(p.length());
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            int hi = i + 2 < p.length() ? Character.digit(p.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(p.charAt(i + 2), 16);
            if (lo < 0) {
                throw new ProtocolException(400, "bad percent escape in the path");
            }
            int b = hi * 16 + lo;
            if (b == '/') {
                throw new ProtocolException(400, "encoded slash in the path");
            }
            bytes.write(b);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(400, "path is not UTF-8");
        }
    }

    /** RFC 9110's token: visible ASCII but delimiters. */
    static boolean isToken(String s) {
        return HttpInput.isToken(s, 0, s.length());
    }
}
