package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Health, metrics and the page's HTTP side with real clients: curl on the control socket and on
 * TCP with Basic auth, promtool on the scrapes, bin/capstanctl health as a HEALTHCHECK runs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("operations");
    private static final Path SOCKET = DIR.resolve("run/capstan.sock");
    private static final Path CONF = DIR.resolve("capstan.conf");
    private static final Path FLAG = DIR.resolve("api-ready");
    private static String tcp;
    private static String config;
    private static CapstanProcess capstan;
    private static Capstanctl capstanctl;

    @BeforeAll
    static void startCapstan() throws Exception {
        Files.createDirectories(DIR);
        Files.deleteIfExists(FLAG);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        tcp = "http://127.0.0.1:" + port;
        config = String.join("\n",
                "[unix_http_server]",
                "file = %(here)s/run/capstan.sock",
                "",
                "[inet_http_server]",
                "port = 127.0.0.1:" + port,
                "username = ops",
                "password = pw",
                "",
                "[program:web]",
                "command = sh -c 'echo web: listening; exec sleep infinity'",
                "ready = log:listening",
                "",
                // Ready only once the test says so: RUNNING and not ready until then.
                "[program:api]",
                "command = sleep infinity",
                "ready = exec:test -f " + FLAG,
                "ready_timeout = 300",
                "",
                "[program:migrate]",
                "command = sh -c 'sleep 0.3; echo migrated'",
                "type = oneshot",
                "",
                "[program:manual]",
                "command = sleep infinity",
                "autostart = false",
                "");
        Files.writeString(CONF, config);
        capstan = CapstanProcess.start("operations", List.of(), "-c", CONF.toString());
        capstanctl = new Capstanctl(SOCKET);
        capstan.awaitOutput(out -> out.contains("HTTP on " + tcp) && out.contains("control socket " + SOCKET)
                && out.matches("(?s).*migrate: \\w+ -> EXITED.*") && out.contains("web: STARTING -> RUNNING"),
                Duration.ofSeconds(30), "the listeners, web and migrate");
        // The web bundle registers its endpoint on its own, after the listeners are up.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (unix("/healthz").status() == 404) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/healthz never served:\n" + capstan.output());
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopCapstan() {
        if (capstan != null) {
            capstan.close();
        }
    }

    private static Curl.Response unix(String path, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--unix-socket", SOCKET.toString()));
        args.addAll(List.of(more));
        args.add("http://localhost" + path);
        return Curl.run(args.toArray(String[]::new));
    }

    private static Curl.Response overTcp(String path, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-u", "ops:pw"));
        args.addAll(List.of(more));
        args.add(tcp + path);
        return Curl.run(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void healthzOnTheSocketAndOnTcpWithBasicAuth() throws Exception {
        Curl.Response socket = unix("/healthz");
        assertEquals(200, socket.status());
        assertEquals("ok\n", socket.body());
        assertEquals("no-store", socket.header("Cache-Control"));
        Curl.Response anonymous = Curl.run(tcp + "/healthz");
        assertEquals(401, anonymous.status(), "Basic auth is asked of every TCP client");
        Curl.Response wrong = Curl.run("-u", "ops:nope", tcp + "/healthz");
        assertEquals(401, wrong.status());
        Curl.Response tcp = overTcp("/healthz");
        assertEquals(200, tcp.status());
        assertEquals("ok\n", tcp.body());
        assertEquals(200, overTcp("/healthz", "-I").status(), "HEAD for probes that ask for it");
    }

    @Test
    @Order(2)
    void readyzListsWhatIsNotReadyAndHealthExitsOne() throws Exception {
        Curl.Response notReady = overTcp("/readyz");
        assertEquals(503, notReady.status(), notReady.body());
        assertEquals("application/json", notReady.header("Content-Type"));
        assertTrue(notReady.body().matches("(?s)\\[\n\\{\"name\":\"api\",\"group\":\"api\",\"state\":\"(STARTING|RUNNING)\","
                + "\"reason\":\"[^\"]+\"}\n]\n"), "only api, the one RUNNING but not ready: " + notReady.body());

        Capstanctl.Result health = capstanctl.run("health");
        assertEquals(1, health.exit(), health.output());
        assertTrue(health.output().matches("api: (STARTING|RUNNING), not ready: .+\n"), health.output());
        Capstanctl.Result live = capstanctl.run("health", "--live");
        assertEquals(new Capstanctl.Result(0, "live\n"), live);
        Capstanctl.Result misused = capstanctl.run("health", "now");
        assertEquals(2, misused.exit(), misused.output());

        Files.writeString(FLAG, "");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Curl.Response ready = unix("/readyz");
        while (ready.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ready = unix("/readyz");
        }
        assertEquals(200, ready.status(), ready.body());
        assertEquals("[]\n", ready.body(), "the finished oneshot and the manual service stand in nobody's way");
        assertEquals(new Capstanctl.Result(0, "ready\n"), capstanctl.run("health"));
    }

    @Test
    @Order(3)
    void metricsPassPromtoolAndCountWhatHappened() throws Exception {
        Curl.Response first = overTcp("/metrics");
        assertEquals(200, first.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", first.header("Content-Type"));
        assertEquals("", Curl.promtool(first.body()));
        List<String> lines = first.body().lines().toList();
        assertTrue(lines.contains("node_supervisord_up{name=\"web\",group=\"web\"} 1"), first.body());
        assertTrue(lines.contains("node_supervisord_state{name=\"manual\",group=\"manual\"} 0"));
        assertTrue(lines.contains("node_supervisord_state{name=\"migrate\",group=\"migrate\"} 100"));
        assertTrue(lines.contains("capstan_service_ready{name=\"migrate\",group=\"migrate\"} 1"));
        assertTrue(lines.contains("capstan_service_restarts_total{name=\"web\",group=\"web\"} 0"));
        assertTrue(lines.contains("capstan_reloads_total 0"));
        assertTrue(lines.stream().anyMatch(l -> l.matches("process_resident_memory_bytes [1-9]\\d{6,}")), "RSS in bytes");
        assertTrue(lines.stream().anyMatch(l -> l.matches("capstan_threads [1-9]\\d*")));
        long events = value(first.body(), "capstan_events_total");

        assertEquals(0, capstanctl.run("restart", "web").exit());
        assertEquals(0, capstanctl.run("update").exit());
        Files.writeString(CONF, config + "[program:bad]\ncommand = sleep 1\nstartsecs = soon\n");
        Capstanctl.Result broken = capstanctl.run("update");
        assertEquals(1, broken.exit(), broken.output());
        Files.writeString(CONF, config);

        Curl.Response second = unix("/metrics");
        assertEquals("", Curl.promtool(second.body()));
        List<String> after = second.body().lines().toList();
        assertTrue(after.contains("capstan_service_restarts_total{name=\"web\",group=\"web\"} 1"), second.body());
        assertTrue(after.contains("capstan_reloads_total 2"));
        assertTrue(after.contains("capstan_reload_failures_total 1"));
        assertTrue(value(second.body(), "capstan_events_total") >= events + 4, "STOPPING, STOPPED, STARTING, RUNNING");
    }

    private static long value(String metrics, String family) {
        Matcher m = Pattern.compile("(?m)^" + family + " (\\d+)$").matcher(metrics);
        assertTrue(m.find(), family);
        return Long.parseLong(m.group(1));
    }

    @Test
    @Order(4)
    void thePageAndItsFilesWithTheirHeaders() throws Exception {
        Curl.Response page = overTcp("/");
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertTrue(page.header("Content-Security-Policy").startsWith("default-src 'none'; script-src 'self';"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        for (String name : List.of("web", "api", "migrate", "manual")) {
            assertTrue(page.body().contains("<tr id=\"svc-" + name + "\" data-name=\"" + name + "\""), name);
        }
        assertTrue(page.body().contains("dev.capstan.web"), "the bundle list");
        assertTrue(page.body().contains("title=\"" + CONF + ":9\">capstan.conf:9</div>"), "web's origin, file and line");
        Matcher asset = Pattern.compile("/ui/app\\.js\\?v=([0-9a-f]+)").matcher(page.body());
        assertTrue(asset.find());
        Curl.Response js = overTcp("/ui/app.js?v=" + asset.group(1));
        assertEquals(200, js.status());
        assertEquals("text/javascript; charset=utf-8", js.header("Content-Type"));
        assertEquals("image/svg+xml", overTcp("/ui/icon.svg").header("Content-Type"));
        Curl.Response rows = unix("/ui/rows");
        assertTrue(rows.body().startsWith("<tr id=\"svc-api\""), "sorted by group and name: " + rows.body());
        assertTrue(rows.header("X-Capstan-Now").matches("\\d{13}"));
        Curl.Response unchanged = unix("/ui/rows", "-H", "If-None-Match: " + rows.header("ETag"));
        assertEquals(304, unchanged.status(), "the page's refresh of rows that did not change");
        assertEquals("", unchanged.body());
        assertEquals(404, overTcp("/nothing/here").status());
        assertEquals(400, overTcp("/ui/../metrics", "--path-as-is").status(), "the server takes no dot segments");
        assertEquals(405, overTcp("/metrics", "-X", "POST").status());
        assertEquals(405, overTcp("/ui/action").status(), "actions only by POST");
    }

    @Test
    @Order(5)
    void actionsNeedThePagesTokenAndThisOrigin() throws Exception {
        Matcher m = Pattern.compile("<meta name=\"capstan-token\" content=\"([0-9a-f]{48})\">").matcher(overTcp("/").body());
        assertTrue(m.find(), "the page carries the token");
        String token = m.group(1);
        String origin = "Origin: " + tcp;

        Curl.Response noToken = overTcp("/ui/action", "-H", origin, "--data", "action=start&name=manual");
        assertEquals(403, noToken.status());
        assertEquals("{\"ok\":false,\"message\":\"refused: missing or wrong token; reload the page\"}\n", noToken.body());
        Curl.Response wrongToken = overTcp("/ui/action", "-H", origin, "--data", "token=" + "0".repeat(48) + "&action=start&name=manual");
        assertEquals(403, wrongToken.status());
        Curl.Response otherSite = overTcp("/ui/action", "-H", "Origin: http://evil.example", "--data",
                "token=" + token + "&action=start&name=manual");
        assertEquals(403, otherSite.status());
        Curl.Response crossSite = overTcp("/ui/action", "-H", "Sec-Fetch-Site: cross-site", "--data",
                "token=" + token + "&action=start&name=manual");
        assertEquals(403, crossSite.status());
        assertTrue(capstanctl.status("manual").contains("STOPPED"), "nothing refused changed anything");

        Curl.Response start = overTcp("/ui/action", "-H", origin, "--data", "token=" + token + "&action=start&name=manual");
        assertEquals(200, start.status(), start.body());
        assertEquals("{\"ok\":true,\"message\":\"manual: started\"}\n", start.body());
        assertTrue(capstanctl.status("manual").contains("RUNNING"));
        Curl.Response again = overTcp("/ui/action", "-H", origin, "--data", "token=" + token + "&action=start&name=manual");
        assertEquals(409, again.status(), again.body());

        Curl.Response signal = unix("/ui/action", "--data", "token=" + token + "&action=signal&name=manual&signal=KILL");
        assertEquals(200, signal.status(), signal.body());
        assertEquals("{\"ok\":true,\"message\":\"manual: sent SIGKILL\"}\n", signal.body());
        Curl.Response unknown = unix("/ui/action", "--data", "token=" + token + "&action=stop&name=nobody");
        assertEquals(404, unknown.status());
        Curl.Response badSignal = unix("/ui/action", "--data", "token=" + token + "&action=signal&name=web&signal=LOUD");
        assertEquals(400, badSignal.status());
    }
}
