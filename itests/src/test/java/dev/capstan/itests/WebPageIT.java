package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page in a real browser: headless Chromium loads it from the distribution over TCP with
 * Basic auth, runs its script, and clicks. No console error; every service shown; a restart
 * clicked there restarts the service; a POST without the page's token is refused; the log tail
 * streams; screenshots are kept in target/screenshots/ (web-page.png first).
 */
class WebPageIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("webpage");
    private static final Path SOCKET = DIR.resolve("run/capstan.sock");
    private static final Path SHOTS = Path.of("target/screenshots").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static String url;
    private static CapstanProcess capstan;
    private static Capstanctl capstanctl;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(DIR);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        url = "http://127.0.0.1:" + port + "/";
        Path conf = DIR.resolve("capstan.conf");
        Files.writeString(conf, String.join("\n",
                "[unix_http_server]",
                "file = %(here)s/run/capstan.sock",
                "",
                "[inet_http_server]",
                "port = 127.0.0.1:" + port,
                "username = ops",
                "password = pw",
                "",
                "[program:web]",
                "command = sh -c 'echo web: listening on :8080; i=0; while true; do i=$((i+1)); echo \"GET /orders/$i 200\"; sleep 1; done'",
                "ready = log:listening",
                "",
                "[program:worker]",
                "command = sh -c 'echo worker started >&2; exec sleep infinity'",
                "process_name = worker_%(process_num)02d",
                "numprocs = 2",
                "",
                "[program:migrate]",
                "command = sh -c 'echo migrated'",
                "type = oneshot",
                "",
                "[program:cron]",
                "command = sleep infinity",
                "autostart = false",
                "",
                "[program:broken]",
                "command = /nonexistent/daemon",
                "startretries = 0",
                ""));
        capstan = CapstanProcess.start("webpage", List.of(), "-c", conf.toString());
        capstanctl = new Capstanctl(SOCKET);
        capstan.awaitOutput(out -> out.contains("HTTP on http://127.0.0.1:" + port) && out.contains("web: STARTING -> RUNNING")
                && out.contains("worker_01: STARTING -> RUNNING") && out.contains("broken: STARTING -> FATAL"), WAIT,
                "the listeners and the services");
        chromium = Chromium.start(DIR.resolve("chromium"));
        chromium.call("Network.enable", "{}");
        String credentials = Base64.getEncoder().encodeToString("ops:pw".getBytes(StandardCharsets.UTF_8));
        chromium.call("Network.setExtraHTTPHeaders", "{\"headers\":{\"Authorization\":\"Basic " + credentials + "\"}}");
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (capstan != null) {
            capstan.close();
        }
    }

    private static String pidCell(String name) throws Exception {
        return chromium.eval("document.getElementById('svc-" + name + "').querySelector('.c-pid').textContent");
    }

    @Test
    void thePageShowsEveryServiceRestartsOneAndRefusesAPostWithoutItsToken() throws Exception {
        chromium.errors.clear();
        chromium.emulate(1280, 900, false, "light");
        chromium.open(url);
        chromium.await("document.querySelectorAll('#summary .chip').length > 0", WAIT);
        assertEquals(List.of(), chromium.errors, "the page loads without a console error");

        assertEquals("broken,cron,migrate,web,worker:worker_00,worker:worker_01",
                chromium.eval("Array.from(document.querySelectorAll('#rows tr')).map(r => r.dataset.name).join(',')"));
        assertEquals("FATAL,STOPPED,EXITED,RUNNING,RUNNING,RUNNING",
                chromium.eval("Array.from(document.querySelectorAll('#rows tr')).map(r => r.dataset.state).join(',')"));
        assertEquals("1 not ready", chromium.eval("document.querySelector('#summary .health').textContent"),
                "broken is autostart and FATAL");

        String before = pidCell("web");
        assertEquals(capstanctl.run("pid", "web").output().strip(), before);
        chromium.eval("document.querySelector('#svc-web [data-act=restart]').click(); 'clicked'");
        chromium.await("document.getElementById('toast').textContent === 'web: restarted'", WAIT);
        chromium.await("document.getElementById('svc-web').dataset.state === 'RUNNING'"
                + " && document.querySelector('#svc-web .c-pid').textContent !== '" + before + "'", WAIT);
        String after = pidCell("web");
        assertNotEquals(before, after);
        assertEquals(capstanctl.run("pid", "web").output().strip(), after, "the row shows the new process");
        assertTrue(capstanctl.status("web").contains("RUNNING"));

        chromium.eval("document.querySelector('#svc-web button.name').click(); 'opened'");
        chromium.await("document.getElementById('log-text').textContent.includes('web: listening on :8080')", WAIT);
        chromium.await("document.getElementById('log-state').textContent === 'live'", WAIT);
        int lines = Integer.parseInt(chromium.eval("document.getElementById('log-text').textContent.split('\\n').length"));
        chromium.await("document.getElementById('log-text').textContent.split('\\n').length > " + lines, WAIT);

        byte[] shot = chromium.screenshot();
        Files.write(SHOTS.resolve("web-page.png"), shot);
        assertLooksLikeAPage(shot);
        assertEquals(List.of(), chromium.errors, "no console error after the clicks and the tail");

        String refused = chromium.eval("fetch('/ui/action', {method: 'POST', body: new URLSearchParams("
                + "{action: 'stop', name: 'web'})}).then(r => r.json().then(j => r.status + ' ' + j.message))");
        assertEquals("403 refused: missing or wrong token; reload the page", refused);
        assertTrue(capstanctl.status("web").contains("RUNNING"), "the refused POST stopped nothing");
        assertEquals(1, chromium.errors.size(), "the browser reports the refused request, and nothing else");
        assertTrue(chromium.errors.get(0).contains("403"), chromium.errors.get(0));
    }

    /** The other layouts: a phone and the dark scheme, each with its script run. */
    @Test
    void phoneAndDarkLayouts() throws Exception {
        for (String scheme : List.of("light", "dark")) {
            for (int width : new int[] {1280, 390}) {
                chromium.errors.clear();
                chromium.emulate(width, width < 600 ? 844 : 900, width < 600, scheme);
                chromium.open(url);
                chromium.await("document.querySelectorAll('#summary .chip').length > 0", WAIT);
                String background = chromium.eval("getComputedStyle(document.body).backgroundColor");
                assertEquals(scheme.equals("dark") ? "rgb(13, 16, 21)" : "rgb(244, 245, 247)", background, scheme);
                String display = chromium.eval("getComputedStyle(document.querySelector('.services thead')).display");
                assertEquals(width < 600 ? "none" : "table-header-group", display, "a card per service on a phone");
                byte[] shot = chromium.screenshot();
                Files.write(SHOTS.resolve("web-" + (width < 600 ? "phone" : "desktop") + "-" + scheme + ".png"), shot);
                assertLooksLikeAPage(shot);
                assertEquals(List.of(), chromium.errors);
            }
        }
    }

    /** Large enough, and not one colour: text, pills and borders in many shades. */
    private static void assertLooksLikeAPage(byte[] png) throws Exception {
        assertTrue(png.length > 20_000, "a screenshot of " + png.length + " bytes");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, colours.size() + " colours: blank?");
    }
}
