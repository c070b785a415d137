package dev.capstan.http.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes a response head. */
final class StatusLine {
    /** Content-Length value meaning "chunked". */
    static final long CHUNKED = -1;
    /** Content-Length value meaning "until the connection ends" (HTTP/1.0 streams). */
    static final long UNTIL_CLOSE = -2;

    private StatusLine() {
    }

    /**
     * @param length the body's length, {@link #CHUNKED} or {@link #UNTIL_CLOSE}
     * @param extra  name, value, name, value... added after the server's own fields
     */
    static byte[] head(int status, String contentType, long length, boolean close, List<String> extra) {
        StringBuilder b = new StringBuilder(128);
        b.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        if (contentType != null) {
            b.append("Content-Type: ").append(contentType).append("\r\n");
        }
        // RFC 9110: 1xx, 204 and 304 have no body and carry neither field (a 304's would describe
        // the representation it stands for).
        boolean bodyless = status < 200 || status == 204 || status == 304;
        if (bodyless) {
            return finish(b, close, extra);
        }
        if (length == CHUNKED) {
            b.append("Transfer-Encoding: chunked\r\n");
        } else if (length >= 0) {
            b.append("Content-Length: ").append(length).append("\r\n");
        }
        return finish(b, close, extra);
    }

    private static byte[] finish(StringBuilder b, boolean close, List<String> extra) {
        if (close) {
            b.append("Connection: close\r\n");
        }
        for (int i = 0; i < extra.size(); i += 2) {
            b.append(extra.get(i)).append(": ").append(extra.get(i + 1)).append("\r\n");
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String reason(int status) {
        switch (status) {
            case 100: return "Continue";
            case 200: return "OK";
            case 201: return "Created";
            case 202: return "Accepted";
            case 204: return "No Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 303: return "See Other";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 415: return "Unsupported Media Type";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 503: return "Service Unavailable";
            case 505: return "HTTP Version Not Supported";
            default: return "Status " + status;
        }
    }
}
