package dev.capstan.web;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import dev.capstan.http.HttpRequest;
import dev.capstan.http.HttpResponse;
import dev.capstan.process.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /ui/action}: the page's start, stop, restart and signal. A form
 * ({@code application/x-www-form-urlencoded}) with {@code token}, {@code action}, {@code name}
 * and, for a signal, {@code signal}; the answer is {@code {"ok": bool, "message": "..."}}.
 *
 * <p>Two checks against cross-site requests, since a browser that holds Basic-auth credentials
 * for Capstan sends them with any site's form: the token, a secret drawn at activation that only
 * a page served by Capstan carries (another site cannot read it), compared in constant time; and
 * the browser's own word on where the request came from: an {@code Origin} must be this host's,
 * and without one a {@code Sec-Fetch-Site} must say same-origin. Both fail with 403 and change
 * nothing.
 */
final class Actions {
    /** How long an action's answer waits for the service: past it the page sees 202 and follows the status. */
    private static final long WAIT_SECONDS = 10;
    private static final int MAX_FIELDS = 8;

    private final Supervisor supervisor;
    private final byte[] token;

    Actions(Supervisor supervisor) throws IOException {
        this.supervisor = supervisor;
        // /dev/urandom rather than SecureRandom, whose providers cost classes at first use.
        byte[] secret = new byte[24];
        try (InputStream random = Files.newInputStream(Path.of("/dev/urandom"))) {
            if (random.readNBytes(secret, 0, secret.length) != secret.length) {
                throw new IOException("/dev/urandom gave too few bytes");
            }
        }
        this.token = HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
    }

    /** The token pages carry. */
    String token() {
        return new String(token, StandardCharsets.US_ASCII);
    }

    void serve(HttpRequest request, HttpResponse response) throws IOException {
        if (!request.method().equals("POST")) {
            response.header("Allow", "POST");
            answer(response, 405, false, "actions take POST");
            return;
        }
        if (!sameOrigin(request)) {
            answer(response, 403, false, "refused: the request did not come from this page (Origin)");
            return;
        }
        Map<String, String> form = form(request.body());
        String sent = form.getOrDefault("token", "");
        if (!MessageDigest.isEqual(token, sent.getBytes(StandardCharsets.US_ASCII))) {
            answer(response, 403, false, "refused: missing or wrong token; reload the page");
            return;
        }
        String name = form.getOrDefault("name", "");
        String action = form.getOrDefault("action", "");
        try {
            switch (action) {
                case "start" -> await(response, name, "started", supervisor.start(name));
                case "stop" -> await(response, name, "stopped", supervisor.stop(name));
                case "restart" -> await(response, name, "restarted", supervisor.restart(name));
                case "signal" -> signal(response, name, form.getOrDefault("signal", ""));
                default -> answer(response, 400, false, "unknown action: " + action);
            }
        } catch (SupervisorException e) {
            failed(response, e);
        }
    }

    private void signal(HttpResponse response, String name, String signalName) throws IOException {
        Signal signal;
        try {
            signal = Signal.parse(signalName);
        } catch (IllegalArgumentException e) {
            answer(response, 400, false, e.getMessage());
            return;
        }
        supervisor.signal(name, signal);
        answer(response, 200, true, name + ": sent SIG" + signal.name());
    }

    private void await(HttpResponse response, String name, String done, CompletionStage<ServiceStatus> stage)
            throws IOException {
        try {
            ServiceStatus status = stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            answer(response, 200, true, status.fullName() + ": " + done);
        } catch (TimeoutException e) {
            answer(response, 202, true, name + ": still in progress after " + WAIT_SECONDS + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SupervisorException failure) {
                failed(response, failure);
            } else {
                throw new IOException("the engine failed the action", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the engine");
        }
    }

    private static void failed(HttpResponse response, SupervisorException e) throws IOException {
        int status = e.fault() == Fault.BAD_NAME ? 404 : e.fault() == Fault.BAD_SIGNAL ? 400 : 409;
        answer(response, status, false, e.getMessage());
    }

    /**
     * An {@code Origin} must name this host (the browser sends one with every POST); without one,
     * {@code Sec-Fetch-Site}, when present, must not name another site. A client that sends
     * neither (curl) is no browser another site could drive, and still needs the token.
     */
    static boolean sameOrigin(HttpRequest request) {
        String host = request.header("Host").orElse("");
        String origin = request.header("Origin").orElse(null);
        if (origin != null) {
            return !host.isEmpty() && (origin.equals("http://" + host) || origin.equals("https://" + host));
        }
        String site = request.header("Sec-Fetch-Site").orElse("same-origin");
        return site.equals("same-origin") || site.equals("none");
    }

    /** A form body; later fields of the same name are ignored, and only the first few are read. */
    static Map<String, String> form(byte[] body) {
        Map<String, String> fields = new HashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        int start = 0;
        while (start <= text.length() && fields.size() < MAX_FIELDS) {
            int end = text.indexOf('&', start);
            if (end < 0) {
                end = text.length();
            }
            String pair = text.substring(start, end);
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    fields.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // A broken %-escape: the field is left out, and its absence answers.
                }
            }
            start = end + 1;
        }
        return fields;
    }

    private static void answer(HttpResponse response, int status, boolean ok, String message) throws IOException {
        StringBuilder json = new StringBuilder(64).append("{\"ok\":").append(ok).append(",\"message\":");
        Text.json(json, message).append("}\n");
        response.header("Cache-Control", "no-store")
                .send(status, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
