package dev.capstan.xmlrpc.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code /usr/bin/python3} with supervisor 4.2.5, running python_xmlrpc.py: the real
 * xmlrpc.client and supervisord's real unmarshaller, asked one JSON line at a time. This test JVM
 * runs no reaper, so starting the process through the JDK is safe here.
 */
final class PythonXmlRpc implements AutoCloseable {

    /** A dateTime.iso8601 value for Python. */
    record DateTime(String iso) {
    }

    /** A base64 value for Python. */
    record Binary(byte[] bytes) {
    }

    /** A double by its Python repr, for the values JSON cannot carry (inf, nan). */
    record Real(String repr) {
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final Process process;
    private final OutputStream in;
    private final BufferedReader out;

    PythonXmlRpc() throws IOException {
        Path script = Files.createTempFile("python_xmlrpc", ".py");
        try (InputStream s = PythonXmlRpc.class.getResourceAsStream("python_xmlrpc.py")) {
            Files.write(script, s.readAllBytes());
        }
        script.toFile().deleteOnExit();
        process = new ProcessBuilder("/usr/bin/python3", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = process.getOutputStream();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The methodCall {@code xmlrpc.client.dumps(params, method)} writes. */
    byte[] dumps(String method, List<?> params) throws IOException {
        return Base64.getDecoder().decode(ask("{\"dumps\":" + json(params) + ",\"method\":" + json(method) + "}"));
    }

    /** What supervisord's unmarshaller reads from a body: "METHOD PARAMS" in {@link #canon} form, or "ERR ...". */
    String unmarshal(byte[] body) throws IOException {
        return ask("{\"unmarshal\":\"" + Base64.getEncoder().encodeToString(body) + "\"}");
    }

    /** The response supervisord sends for {@code value}. */
    byte[] response(Object value) throws IOException {
        return Base64.getDecoder().decode(ask("{\"response\":" + json(value) + "}"));
    }

    /** The fault response supervisord sends. */
    byte[] fault(int code, String text) throws IOException {
        return Base64.getDecoder().decode(ask("{\"fault\":[" + code + "," + json(text) + "]}"));
    }

    /** What xmlrpc.client reads from a response: the value in {@link #canon} form, "FAULT code text" or "ERR ...". */
    String loads(byte[] response) throws IOException {
        return ask("{\"loads\":\"" + Base64.getEncoder().encodeToString(response) + "\"}");
    }

    private String ask(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String answer = out.readLine();
        if (answer == null) {
            throw new IOException("python3 ended");
        }
        return answer;
    }

    /** The canonical form python_xmlrpc.py writes, for values as XmlRpcReader makes them. */
    static String canon(Object v) {
        if (v instanceof Boolean b) {
            return b ? "b1" : "b0";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "i" + v;
        }
        if (v instanceof Double d) {
            return "d" + String.format("%016x", Double.doubleToRawLongBits(d));
        }
        if (v instanceof String s) {
            return "s" + jsonString(s);
        }
        if (v instanceof LocalDateTime t) {
            return "t" + ISO.format(t);
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object x : list) {
                b.append(b.length() > 1 ? "," : "").append(canon(x));
            }
            return b.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(b.length() > 1 ? "," : "").append(canon(e.getKey())).append(':').append(canon(e.getValue()));
            }
            return b.append('}').toString();
        }
        throw new IllegalArgumentException(String.valueOf(v));
    }

    /** JSON for python_xmlrpc.py's {@code value()}. */
    static String json(Object v) {
        if (v instanceof String s) {
            return jsonString(s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof DateTime d) {
            return "{\"$dt\":" + jsonString(d.iso()) + "}";
        }
        if (v instanceof Binary b) {
            return "{\"$bin\":\"" + Base64.getEncoder().encodeToString(b.bytes()) + "\"}";
        }
        if (v instanceof Real r) {
            return "{\"$float\":" + jsonString(r.repr()) + "}";
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object x : list) {
                b.append(b.length() > 1 ? "," : "").append(json(x));
            }
            return b.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(b.length() > 1 ? "," : "").append(jsonString((String) e.getKey())).append(':').append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        throw new IllegalArgumentException(String.valueOf(v));
    }

    /** As Python's json.dumps writes a string (ensure_ascii). */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append(c < 0x20 || c > 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() throws Exception {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
