package dev.capstan.xmlrpc.tail;

import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.StreamName;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.HttpRequest;
import dev.capstan.http.HttpResponse;
import dev.capstan.xmlrpc.rpc.LogAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /logtail/NAME[/stdout|/stderr]}: a service's output as it is written, what
 * supervisorctl's {@code tail -f} reads (docs/xmlrpc.md). NAME is {@code group:process} or a
 * process name. 404 for an unknown process, a stream logged nowhere (NONE, stderr with
 * redirect_stderr) and a service with no output yet; 400 for another method than GET, as
 * supervisord answers. Runs on the connection's thread until the client leaves.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH + "=" + LogTailEndpoint.PATH,
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class LogTailEndpoint implements HttpEndpoint {

    static final String PATH = "/logtail/";

    private final Supervisor supervisor;
    private final ServiceLogs logs;

    @Activate
    public LogTailEndpoint(@Reference Supervisor supervisor, @Reference ServiceLogs logs) {
        this.supervisor = supervisor;
        this.logs = logs;
    }

    @Override
    public void serve(HttpRequest request, HttpResponse response) throws IOException {
        if (!request.method().equals("GET")) {
            response.send(400, "text/plain; charset=utf-8", "a log tail takes GET\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String rest = request.path().substring(PATH.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String channel = slash < 0 ? "stdout" : rest.substring(slash + 1);
        StreamName stream = channel.equals("stdout") ? StreamName.STDOUT : channel.equals("stderr") ? StreamName.STDERR : null;
        Optional<ServiceStatus> service = name.endsWith(":") || name.endsWith(":*") ? Optional.empty() : supervisor.service(name);
        if (stream == null || service.isEmpty() || !LogAccess.hasLog(service.get().spec(), stream)) {
            notFound(response);
            return;
        }
        ServiceSource source = new ServiceSource(logs, service.get().name(), stream);
        try {
            source.size();
        } catch (SupervisorException e) {
            notFound(response); // no output yet: supervisord's 404 for a log file not there yet
            return;
        }
        TailStream.serve(source, response, true);
    }

    static void notFound(HttpResponse response) throws IOException {
        response.send(404, "text/plain; charset=utf-8", "no such log\n".getBytes(StandardCharsets.UTF_8));
    }

    /** One stream of one service. */
    private static final class ServiceSource implements TailSource {
        private final ServiceLogs logs;
        private final String name;
        private final StreamName stream;

        ServiceSource(ServiceLogs logs, String name, StreamName stream) {
            this.logs = logs;
            this.name = name;
            this.stream = stream;
        }

        @Override
        public AutoCloseable follow(Consumer<byte[]> sink) {
            return logs.follow(name, stream, sink);
        }

        @Override
        public byte[] last(int n) {
            return logs.tail(name, stream, n);
        }

        @Override
        public long size() {
            return logs.read(name, stream, 0, 0).size();
        }
    }
}
