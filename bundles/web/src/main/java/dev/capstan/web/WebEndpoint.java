package dev.capstan.web;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.EngineHealth;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.HttpRequest;
import dev.capstan.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything under {@code /} that no other endpoint serves, for operators: {@code /healthz},
 * {@code /readyz}, {@code /metrics}, the page ({@code /}), its refresh ({@code /ui/rows}), its
 * actions ({@code POST /ui/action}) and its static files ({@code /ui/*}); anything else is a 404.
 * One endpoint rather than one per path, so that one component holds the references they share.
 * {@link #serve} runs on the HTTP server's connection threads, any number at once.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH + "=/",
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class WebEndpoint implements HttpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebEndpoint.class);
    /** The framework property in which the launcher gives its version. */
    private static final String VERSION_PROPERTY = "capstan.version";
    /** What the page may load and do: only this origin's own files and requests, never in a frame. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String HTML = "text/html; charset=utf-8";

    private final BundleContext context;
    private final Supervisor supervisor;
    private final EngineHealth engine;
    private final Health health;
    private final Actions actions;
    private final Page page;
    private final String version;
    private final Instant started;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigFileService configuration;

    @Activate
    public WebEndpoint(BundleContext context, @Reference Supervisor supervisor, @Reference EngineHealth engine)
            throws IOException {
        this.context = context;
        this.supervisor = supervisor;
        this.engine = engine;
        this.health = new Health(supervisor, engine);
        this.actions = new Actions(supervisor);
        String v = context.getProperty(VERSION_PROPERTY);
        this.version = v == null ? "unknown" : v;
        ProcessHandle self = ProcessHandle.current();
        this.started = self.info().startInstant().orElse(null);
        this.page = new Page(hostName(), version, self.pid(), started, actions.token(),
                Long.toHexString(context.getBundle().getLastModified()));
    }

    @Override
    public void serve(HttpRequest request, HttpResponse response) throws IOException {
        String path = request.path();
        if (path.equals("/ui/action")) {
            actions.serve(request, response);
            return;
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            response.header("Allow", "GET, HEAD");
            text(response, 405, request.method() + " is not allowed here\n");
            return;
        }
        switch (path) {
            case "/healthz" -> health.live(response);
            case "/readyz" -> health.ready(response);
            case "/metrics" -> metrics(response);
            case "/", "/index.html" -> page(response);
            case "/ui/rows" -> rows(request, response);
            default -> {
                if (!path.startsWith("/ui/") || !Assets.serve(path.substring("/ui/".length()), response)) {
                    text(response, 404, "no such resource: " + path + "\n");
                }
            }
        }
    }

    /**
     * The services, or null after answering 503 when the engine does not answer: the request would
     * wait for it as long as it is stuck, where a probe or a person should learn that at once.
     */
    private List<ServiceStatus> services(HttpResponse response) throws IOException {
        if (!engine.responsive(EngineHealth.HEALTH_TIMEOUT)) {
            text(response, 503, Health.stuck() + "\n");
            return null;
        }
        return supervisor.services();
    }

    private void page(HttpResponse response) throws IOException {
        List<ServiceStatus> services = services(response);
        if (services != null) {
            secure(response).send(200, HTML,
                    page.render(services, context.getBundles(), Instant.now()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void metrics(HttpResponse response) throws IOException {
        List<ServiceStatus> services = services(response);
        if (services == null) {
            return;
        }
        ProcessSelf self;
        try {
            self = ProcessSelf.read();
        } catch (IOException | RuntimeException e) {
            LOG.debug("/proc/self unreadable; the process_* families are left out: {}", e.toString());
            self = null;
        }
        String text = Metrics.write(services, Instant.now(), self, engine.events(), configuration, started,
                version);
        response.header("Cache-Control", "no-store").send(200, Metrics.CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The rows alone, with their fingerprint as the entity tag, or 304 when the page's
     * {@code If-None-Match} names the rows as they are; and the server's clock, from which the
     * page's uptimes tick on.
     */
    private void rows(HttpRequest request, HttpResponse response) throws IOException {
        List<ServiceStatus> services = services(response);
        if (services == null) {
            return;
        }
        Instant now = Instant.now();
        String tag = '"' + ServiceRows.fingerprint(services) + '"';
        secure(response).header("ETag", tag).header("X-Capstan-Now", Long.toString(now.toEpochMilli()));
        if (tag.equals(request.header("If-None-Match").orElse(null))) {
            response.send(304, null, new byte[0]);
            return;
        }
        String rows = ServiceRows.write(new StringBuilder(services.size() * 700), services, now).toString();
        response.send(200, HTML, rows.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse secure(HttpResponse response) {
        return response.header("Content-Security-Policy", POLICY).header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }

    private static void text(HttpResponse response, int status, String body) throws IOException {
        response.send(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The kernel's host name (a container's own): read from /proc, since asking the resolver may block. */
    private static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? "capstan" : name;
        } catch (IOException e) {
            return "capstan";
        }
    }
}
