package dev.capstan.http.wire;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A buffered reader of HTTP/1.1 from a channel: lines, header blocks and bodies, each bounded.
 * The buffer starts small and grows to the longest line allowed; bytes read past what was asked
 * (the next request of a kept-alive connection) stay in it. Not thread-safe: one connection, one
 * reader.
 */
public final class HttpInput {
    private static final int INITIAL = 4096;
    /** Trailer fields after a chunked body: read and dropped, within these bounds. */
    private static final int MAX_TRAILERS = 32;

    private final ReadableByteChannel channel;
    private final int capacity;
    private byte[] buf = new byte[INITIAL];
    private int start;
    private int end;

    /** @param capacity the most the buffer grows to: at least the longest line read plus its CRLF */
    public HttpInput(ReadableByteChannel channel, int capacity) {
        this.channel = channel;
        this.capacity = Math.max(capacity, INITIAL);
    }

    /**
     * Reads what the channel has into the buffer (blocking or not, as the channel is).
     *
     * @return the bytes read, 0 if the buffer is full or a non-blocking channel had none, -1 at
     *         the end of the stream
     */
    public int fill() throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (end == buf.length) {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            } else if (buf.length < capacity) {
                buf = Arrays.copyOf(buf, Math.min(capacity, buf.length * 2));
            } else {
                return 0;
            }
        }
        int n = channel.read(ByteBuffer.wrap(buf, end, buf.length - end));
        if (n > 0) {
            end += n;
        }
        return n;
    }

    /** Bytes read from the channel and not yet consumed. */
    public int buffered() {
        return end - start;
    }

    /** Drops CR and LF at the front of what is buffered: empty lines before a request line. */
    public void skipLineEnds() {
        while (start < end && (buf[start] == '\r' || buf[start] == '\n')) {
            start++;
        }
    }

    /** Whether everything buffered is CR or LF (which may precede a request line). */
    public boolean onlyLineEnds() {
        for (int i = start; i < end; i++) {
            if (buf[i] != '\r' && buf[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads one line ending in LF; a CR before the LF is dropped. Bytes are ISO-8859-1, as HTTP's
     * are (a request target is percent-decoded later).
     *
     * @param max           the longest line, without its line end
     * @param tooLongStatus the status for a longer line (400, 414, 431)
     * @param what          what the line is, for the message
     * @return the line, or null if the stream ended before its first byte
     */
    public String readLine(int max, int tooLongStatus, String what) throws IOException {
        int scanned = start;
        while (true) {
            for (; scanned < end; scanned++) {
                if (buf[scanned] == '\n') {
                    int lineEnd = scanned > start && buf[scanned - 1] == '\r' ? scanned - 1 : scanned;
                    if (lineEnd - start > max) {
                        throw new ProtocolException(tooLongStatus, what + " longer than " + max + " bytes");
                    }
                    String line = new String(buf, start, lineEnd - start, StandardCharsets.ISO_8859_1);
                    start = scanned + 1;
                    return line;
                }
            }
            if (end - start > max + 1) {
                throw new ProtocolException(tooLongStatus, what + " longer than " + max + " bytes");
            }
            int offset = scanned - start;
            int n = fill();
            if (n < 0) {
                if (start == end) {
                    return null;
                }
                throw new EOFException(what + " cut short");
            }
            if (n == 0 && end - start == buf.length) {
                throw new ProtocolException(tooLongStatus, what + " longer than " + max + " bytes");
            }
            scanned = start + offset;
        }
    }

    /**
     * Reads header fields up to the empty line that ends them: {@code name: value}, no whitespace
     * before the colon, no folded lines, the value without its surrounding spaces and tabs.
     *
     * @param maxBytes  the most bytes of all fields together (431 past it)
     * @param maxFields the most fields (431 past it)
     */
    public Headers readFields(int maxBytes, int maxFields) throws IOException {
        Headers headers = new Headers();
        int bytes = 0;
        while (true) {
            String field = readLine(maxBytes, 431, "header field");
            if (field == null) {
                throw new EOFException("connection closed in the header block");
            }
            if (field.isEmpty()) {
                return headers;
            }
            bytes += field.length() + 2;
            if (bytes > maxBytes) {
                throw new ProtocolException(431, "header block larger than " + maxBytes + " bytes");
            }
            if (headers.size() == maxFields) {
                throw new ProtocolException(431, "more than " + maxFields + " header fields");
            }
            char first = field.charAt(0);
            if (first == ' ' || first == '\t') {
                throw new ProtocolException(400, "folded header field");
            }
            int colon = field.indexOf(':');
            if (colon <= 0 || !isToken(field, 0, colon)) {
                throw new ProtocolException(400, "bad header field");
            }
            int a = colon + 1;
            int b = field.length();
            while (a < b && (field.charAt(a) == ' ' || field.charAt(a) == '\t')) {
                a++;
            }
            while (b > a && (field.charAt(b - 1) == ' ' || field.charAt(b - 1) == '\t')) {
                b--;
            }
            headers.add(field.substring(0, colon), field.substring(a, b));
        }
    }

    /** RFC 9110's token: visible ASCII but delimiters, at least one character. */
    public static boolean isToken(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads exactly {@code length} bytes. */
    public byte[] readBytes(int length) throws IOException {
        byte[] out = new byte[length];
        int n = Math.min(length, end - start);
        System.arraycopy(buf, start, out, 0, n);
        start += n;
        ByteBuffer rest = ByteBuffer.wrap(out, n, length - n);
        while (rest.hasRemaining()) {
            if (channel.read(rest) < 0) {
                throw new EOFException("body cut short: " + rest.position() + " of " + length + " bytes");
            }
        }
        return out;
    }

    /**
     * Reads a chunked body whole: chunk-size lines in hex (extensions after ';' ignored), then
     * the data and its CRLF; after the last chunk, trailer fields are read and dropped.
     *
     * @param max     the most data bytes (413 past it)
     * @param maxLine the longest chunk-size or trailer line
     */
    public byte[] readChunked(int max, int maxLine) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] chunk = readChunk(max, maxLine); chunk != null; chunk = readChunk(max - body.size(), maxLine)) {
            body.write(chunk);
        }
        return body.toByteArray();
    }

    /**
     * Reads the next chunk of a chunked body, blocking until it has come whole: for a body that
     * is a stream of messages, one chunk each (etcd's watch).
     *
     * @param max     the most data bytes of this chunk (413 past it)
     * @param maxLine the longest chunk-size or trailer line
     * @return the chunk's data, or null after the last chunk (its trailer fields read and dropped)
     */
    public byte[] readChunk(int max, int maxLine) throws IOException {
        String line = readLine(maxLine, 400, "chunk size line");
        if (line == null) {
            throw new EOFException("chunked body cut short");
        }
        long size = chunkSize(line);
        if (size == 0) {
            for (int i = 0; ; i++) {
                String trailer = readLine(maxLine, 431, "trailer field");
                if (trailer == null) {
                    throw new EOFException("chunked body cut short");
                }
                if (trailer.isEmpty()) {
                    return null;
                }
                if (i == MAX_TRAILERS) {
                    throw new ProtocolException(431, "more than " + MAX_TRAILERS + " trailer fields");
                }
            }
        }
        if (size > max) {
            throw new ProtocolException(413, "body larger than " + max + " bytes");
        }
        byte[] data = readBytes((int) size);
        if (readLine(0, 400, "end of chunk") == null) {
            throw new EOFException("chunked body cut short");
        }
        return data;
    }

    /** The hex size at the start of a chunk-size line. */
    static long chunkSize(String line) throws ProtocolException {
        long size = 0;
        int i = 0;
        for (; i < line.length(); i++) {
            int digit = Character.digit(line.charAt(i), 16);
            if (digit < 0) {
                break;
            }
            if (i == 8) {
                throw new ProtocolException(413, "chunk of more than 8 hex digits");
            }
            size = size * 16 + digit;
        }
        if (i == 0 || (i < line.length() && line.charAt(i) != ';' && line.charAt(i) != ' ' && line.charAt(i) != '\t')) {
            throw new ProtocolException(400, "bad chunk size line");
        }
        return size;
    }
}
