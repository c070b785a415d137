package dev.capstan.http.client;

import dev.capstan.http.wire.Headers;
import dev.capstan.http.wire.HttpInput;
import dev.capstan.http.wire.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking HTTP/1.1 client of one server: each {@link #send} writes a request and reads its
 * response whole, on a connection kept for the next call while the server keeps it. A request on
 * a kept connection that the server closed meanwhile is sent once more on a new one. Every read
 * is bounded: the response head as the server's request head is, the body by {@link #maxBody}.
 * {@link #stream} reads a response piece by piece instead, as the server sends it.
 */
public final class HttpClient implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 32 * 1024;
    private static final int MAX_FIELDS = 100;
    static final int MAX_LINE = 8 * 1024;

    private final SocketFactory sockets;
    private final String host;
    private final int port;
    private final List<String> fields = new ArrayList<>();
    private int connectMillis = 10_000;
    private int readMillis = 30_000;
    private int maxBody = 16 * 1024 * 1024;
    private Duration keepAlive;
    private Socket socket;
    private HttpInput in;

    /**
     * @param sockets {@link SocketFactory#getDefault()} for plain TCP, an
     *                {@code SSLContext}'s socket factory for TLS
     */
    public HttpClient(SocketFactory sockets, String host, int port) {
        this.sockets = sockets;
        this.host = host;
        this.port = port;
    }

    /** A field sent with every request, e.g. {@code Authorization}. */
    public HttpClient header(String name, String value) {
        if (name.indexOf(':') >= 0 || (name + value).indexOf('\r') >= 0 || (name + value).indexOf('\n') >= 0) {
            throw new IllegalArgumentException("not a header field: " + name);
        }
        fields.add(name);
        fields.add(value);
        return this;
    }

    /** How long to wait for a connection and for each read (a response that stalls longer fails). */
    public HttpClient timeouts(Duration connect, Duration read) {
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, connect.toMillis());
        this.readMillis = (int) Math.min(Integer.MAX_VALUE, read.toMillis());
        return this;
    }

    /**
     * Turns on TCP keep-alive on each connection, probing after this much silence (where the
     * system lets {@code TCP_KEEPIDLE} be set; else after its own idle time): a {@link #stream},
     * which waits as long as the server says nothing, then ends with an error when the server
     * vanished without closing the connection (its machine went down, the network between broke),
     * and no thread of Capstan wakes up meanwhile.
     */
    public HttpClient keepAlive(Duration idle) {
        this.keepAlive = idle;
        return this;
    }

    /** The largest response body accepted. */
    public HttpClient maxBody(int bytes) {
        this.maxBody = bytes;
        return this;
    }

    /**
     * Sends one request and reads its response.
     *
     * @param path        the request target, e.g. {@code /v3/kv/range}
     * @param contentType the body's type, or null without a body
     * @param body        the body, or null
     */
    public ClientResponse send(String method, String path, String contentType, byte[] body) throws IOException {
        boolean reused = socket != null;
        try {
            return exchange(method, path, contentType, body);
        } catch (EOFException e) {
            close();
            if (!reused) {
                throw e;
            }
            // The server closed the kept connection before this request: once more, on a new one.
            return exchange(method, path, contentType, body);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sends one request and returns its response as the server sends it, for a body that is a
     * stream of messages (etcd's watch). The response head is read with the read timeout; the
     * body's reads wait as long as the server is silent (see {@link #keepAlive}). The request
     * side stays open, as a server may take its end for a cancel. The connection is the
     * stream's: the next request of this client opens another.
     */
    public ClientStream stream(String method, String path, String contentType, byte[] body) throws IOException {
        close();
        try {
            write(method, path, contentType, body);
            Socket s = socket;
            ClientStream stream = new ClientStream(s, in, readHead(), maxBody);
            s.setSoTimeout(0);
            socket = null;
            in = null;
            return stream;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private ClientResponse exchange(String method, String path, String contentType, byte[] body) throws IOException {
        write(method, path, contentType, body);
        return readResponse(method);
    }

    private void write(String method, String path, String contentType, byte[] body) throws IOException {
        if (socket == null) {
            Socket s = sockets.createSocket();
            try {
                if (s instanceof SSLSocket tls) {
                    verifyHost(tls);
                }
                s.connect(new InetSocketAddress(host, port), connectMillis);
                s.setSoTimeout(readMillis);
                if (keepAlive != null) {
                    KeepAlive.set(s, keepAlive);
                }
            } catch (IOException e) {
                s.close();
                throw e;
            }
            socket = s;
            in = new HttpInput(Channels.newChannel(s.getInputStream()), MAX_HEAD_BYTES + 2);
        }
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        for (int i = 0; i < fields.size(); i += 2) {
            head.append(fields.get(i)).append(": ").append(fields.get(i + 1)).append("\r\n");
        }
        head.append("\r\n");
        // One write: a body sent after its head waits, under Nagle's algorithm, for the server's
        // delayed acknowledgement of the head.
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = headBytes;
        if (body != null) {
            request = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
        }
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
    }

    private ClientResponse readResponse(String method) throws IOException {
        ClientStream.Head head = readHead();
        int code = head.status();
        Headers headers = head.headers();
        boolean close = headers.hasToken("Connection", "close") || head.http10();
        byte[] body;
        if (method.equals("HEAD") || code == 204 || code == 304) {
            body = new byte[0];
        } else if (headers.hasToken("Transfer-Encoding", "chunked")) {
            body = in.readChunked(maxBody, MAX_LINE);
        } else if (headers.first("Content-Length").isPresent()) {
            long length = contentLength(headers.first("Content-Length").get(), maxBody);
            body = in.readBytes((int) length);
        } else {
            body = untilEnd();
            close = true;
        }
        if (close) {
            close();
        }
        return new ClientResponse(code, headers, body);
    }

    /** The status line and header fields of the next final response (1xx are skipped). */
    private ClientStream.Head readHead() throws IOException {
        String status;
        do {
            status = in.readLine(MAX_LINE, 400, "status line");
            if (status == null) {
                throw new EOFException("connection closed before the response");
            }
        } while (status.isEmpty());
        if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
            throw new ProtocolException(400, "not an HTTP/1.1 status line: " + status);
        }
        int code;
        try {
            code = Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException(400, "not an HTTP/1.1 status line: " + status);
        }
        Headers headers = in.readFields(MAX_HEAD_BYTES, MAX_FIELDS);
        if (code / 100 == 1) {
            return readHead(); // 100 Continue and the like come before the answer
        }
        return new ClientStream.Head(code, headers, status.startsWith("HTTP/1.0"));
    }

    static long contentLength(String value, int maxBody) throws ProtocolException {
        long length;
        try {
            length = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException(400, "bad Content-Length: " + value);
        }
        if (length < 0 || length > maxBody) {
            throw new ProtocolException(413, "response body of " + length + " bytes");
        }
        return length;
    }

    private byte[] untilEnd() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            int n = in.buffered();
            if (n > 0) {
                body.write(in.readBytes(n));
            }
            if (body.size() > maxBody) {
                throw new ProtocolException(413, "response body larger than " + maxBody + " bytes");
            }
            if (in.fill() < 0) {
                return body.toByteArray();
            }
        }
    }

    /**
     * A TLS server's certificate must name the host asked for, as a browser checks it: an
     * {@code SSLSocketFactory} checks only that a trusted CA signed it.
     */
    private static void verifyHost(SSLSocket tls) {
        SSLParameters parameters = tls.getSSLParameters();
        if (parameters.getEndpointIdentificationAlgorithm() == null) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
        }
    }

    /** Closes the kept connection, if any. */
    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
            in = null;
        }
    }
}
