package dev.capstan.web;

import dev.capstan.api.EngineHealth;
import dev.capstan.api.Readiness;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /healthz} and {@code GET /readyz}, for orchestrators' probes (docs/operations.md).
 *
 * <p>Live means that Capstan runs its loop: the engine's thread takes a no-op and runs it within
 * {@link EngineHealth#HEALTH_TIMEOUT}. That thread handles every exit, timer and command, so when
 * it is stuck nothing is supervised any more, while an answer from it means that the JVM, the
 * HTTP server and the engine all work. Ready is {@link Readiness}'s definition, asked only of a
 * live engine, so a stuck one fails the probe within the bound instead of hanging it.
 */
final class Health {
    private static final String JSON = "application/json";

    private final Supervisor supervisor;
    private final EngineHealth engine;

    Health(Supervisor supervisor, EngineHealth engine) {
        this.supervisor = supervisor;
        this.engine = engine;
    }

    /** 200 {@code ok} while the engine answers, else 503 saying so. */
    void live(HttpResponse response) throws IOException {
        if (engine.responsive(EngineHealth.HEALTH_TIMEOUT)) {
            send(response, 200, "text/plain; charset=utf-8", "ok\n");
        } else {
            send(response, 503, "text/plain; charset=utf-8", stuck() + "\n");
        }
    }

    /**
     * 200 with {@code []} when every autostart service is ready, else 503 with a JSON array of the
     * ones that are not: {@code {"name", "group", "state", "reason"}} each; an engine that does not
     * answer is one entry named {@code (engine)}.
     */
    void ready(HttpResponse response) throws IOException {
        StringBuilder json = new StringBuilder(64).append('[');
        boolean ready;
        if (!engine.responsive(EngineHealth.HEALTH_TIMEOUT)) {
            entry(json.append('\n'), "(engine)", "", "UNKNOWN", stuck());
            ready = false;
        } else {
            List<ServiceStatus> missing = Readiness.notReady(supervisor.services());
            for (int i = 0; i < missing.size(); i++) {
                ServiceStatus s = missing.get(i);
                json.append(i == 0 ? "\n" : ",\n");
                entry(json, s.name(), s.spec().group(), s.state().name(), Readiness.reason(s));
            }
            ready = missing.isEmpty();
        }
        send(response, ready ? 200 : 503, JSON, json.append(ready ? "]\n" : "\n]\n").toString());
    }

    static String stuck() {
        return "the engine did not answer within " + EngineHealth.HEALTH_TIMEOUT.toSeconds() + " s";
    }

    private static void entry(StringBuilder json, String name, String group, String state, String reason) {
        json.append("{\"name\":");
        Text.json(json, name).append(",\"group\":");
        Text.json(json, group).append(",\"state\":");
        Text.json(json, state).append(",\"reason\":");
        Text.json(json, reason).append('}');
    }

    private static void send(HttpResponse response, int status, String type, String body) throws IOException {
        response.header("Cache-Control", "no-store").send(status, type, body.getBytes(StandardCharsets.UTF_8));
    }
}
