package dev.capstan.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven through its DevTools protocol over a WebSocket (the JDK's client):
 * navigate, evaluate JavaScript in the page, collect what the console reports as an error, take
 * screenshots. Only the few commands the tests need, and only the fields of the answers they read,
 * found with regular expressions rather than a JSON library.
 */
final class Chromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private static final Pattern PAGE_SOCKET = Pattern.compile("\"webSocketDebuggerUrl\": ?\"(ws://[^\"]+/devtools/page/[^\"]+)\"");

    private final Process process;
    /** Set once connected; the page sends nothing before it is asked. */
    private volatile WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    /** Console errors, uncaught exceptions and failed loads, as the protocol reported them. */
    final List<String> errors = new CopyOnWriteArrayList<>();

    private Chromium(Process process) {
        this.process = process;
    }

    /** Starts a headless Chromium with a fresh profile under {@code dir}, its log in {@code dir}/chromium.log. */
    static Chromium start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("chromium.log");
        Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"), "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            String browser = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (browser == null) {
                Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) {
                    browser = m.group(1);
                } else if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("chromium did not start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
            HttpClient http = HttpClient.newHttpClient();
            URI list = URI.create(browser.replaceFirst("^ws://", "http://").replaceFirst("/devtools/browser/.*", "/json/list"));
            String targets = http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher page = PAGE_SOCKET.matcher(targets);
            if (!page.find()) {
                throw new AssertionError("no page target: " + targets);
            }
            Chromium chromium = new Chromium(p);
            chromium.socket = http.newWebSocketBuilder().buildAsync(URI.create(page.group(1)), chromium.new Listener())
                    .get(30, TimeUnit.SECONDS);
            chromium.call("Runtime.enable", "{}");
            chromium.call("Log.enable", "{}");
            chromium.call("Page.enable", "{}");
            return chromium;
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** One protocol command; its answer's JSON text. */
    String call(String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.put(id, answer);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                .get(30, TimeUnit.SECONDS);
        String text = answer.get(60, TimeUnit.SECONDS);
        if (text.contains("\"error\":{")) {
            throw new AssertionError(method + ": " + text);
        }
        return text;
    }

    /** Sets the viewport and the colour scheme the page sees. */
    void emulate(int width, int height, boolean mobile, String colorScheme) throws Exception {
        call("Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":" + height
                + ",\"deviceScaleFactor\":1,\"mobile\":" + mobile + "}");
        call("Emulation.setEmulatedMedia", "{\"features\":[{\"name\":\"prefers-color-scheme\",\"value\":\"" + colorScheme + "\"}]}");
    }

    /** Opens the URL and waits until its document and deferred scripts ran (its load event). */
    void open(String url) throws Exception {
        int before = loads.get();
        call("Page.navigate", "{\"url\":" + json(url) + "}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (loads.get() == before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " did not load");
            }
            Thread.sleep(20);
        }
    }

    /**
     * The value of a JavaScript expression in the page (a promise is awaited), as a string:
     * expressions here return strings, numbers or booleans.
     */
    String eval(String expression) throws Exception {
        String answer = call("Runtime.evaluate", "{\"expression\":" + json(expression)
                + ",\"awaitPromise\":true,\"returnByValue\":true}");
        if (answer.contains("\"exceptionDetails\"")) {
            throw new AssertionError(expression + " threw: " + answer);
        }
        Matcher m = Pattern.compile("\"value\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)").matcher(answer);
        return m.find() ? unquote(m.group(1)) : "undefined";
    }

    /** Polls a JavaScript condition until it is true. */
    void await(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval("String(!!(" + condition + "))").equals("true")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + condition);
            }
            Thread.sleep(50);
        }
    }

    /** A PNG of the viewport. */
    byte[] screenshot() throws Exception {
        Matcher m = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(call("Page.captureScreenshot", "{\"format\":\"png\"}"));
        if (!m.find()) {
            throw new AssertionError("no screenshot");
        }
        return Base64.getDecoder().decode(m.group(1));
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void received(String message) {
        if (message.startsWith("{\"id\":")) {
            int end = message.indexOf(',');
            CompletableFuture<String> answer = answers.remove(Integer.parseInt(message.substring(6, end)));
            if (answer != null) {
                answer.complete(message);
            }
        } else if (message.startsWith("{\"method\":\"Page.loadEventFired\"")) {
            loads.incrementAndGet();
        } else if (message.contains("\"method\":\"Runtime.exceptionThrown\"")
                || (message.contains("\"method\":\"Runtime.consoleAPICalled\"") && message.contains("\"type\":\"error\""))
                || (message.contains("\"method\":\"Log.entryAdded\"") && message.contains("\"level\":\"error\""))) {
            errors.add(message);
        }
    }

    /** Assembles the protocol's messages from the WebSocket's fragments. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A JSON value as text: a string's content unescaped, anything else as written. */
    private static String unquote(String value) {
        if (!value.startsWith("\"")) {
            return value.trim();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = value.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(value.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
