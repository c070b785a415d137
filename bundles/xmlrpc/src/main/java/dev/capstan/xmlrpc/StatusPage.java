package dev.capstan.xmlrpc;

import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.HttpRequest;
import dev.capstan.http.HttpResponse;
import dev.capstan.xmlrpc.rpc.ProcessInfo;
import dev.capstan.xmlrpc.rpc.ProcessTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /}: a plain page with one row per service (name, state, description as
 * supervisorctl status shows them), where supervisord serves its web UI; read only. Any other path
 * under {@code /} that no other endpoint serves is a 404.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH + "=/",
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class StatusPage implements HttpEndpoint {

    private final ProcessTable table;
    private final ProcessInfo info;

    @Activate
    public StatusPage(@Reference Supervisor supervisor) {
        this.table = new ProcessTable(supervisor);
        // Log file paths are not shown, so childlogdir does not matter here.
        this.info = new ProcessInfo(Path.of(System.getProperty("java.io.tmpdir")), ZoneId.systemDefault());
    }

    @Override
    public void serve(HttpRequest request, HttpResponse response) throws IOException {
        if (!request.path().equals("/") && !request.path().equals("/index.html")) {
            response.send(404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            response.header("Allow", "GET, HEAD");
            response.send(405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Capstan</title></head><body>\n")
                .append("<table>\n<tr><th>name</th><th>state</th><th>description</th></tr>\n");
        Instant now = Instant.now();
        for (ServiceStatus s : table.lexical()) {
            Map<String, Object> row = info.of(s, now);
            html.append("<tr><td>").append(escape(s.fullName())).append("</td><td>").append(row.get("statename"))
                    .append("</td><td>").append(escape((String) row.get("description"))).append("</td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        response.send(200, "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
