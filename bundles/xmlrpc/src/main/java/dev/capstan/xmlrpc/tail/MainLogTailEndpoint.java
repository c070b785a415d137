package dev.capstan.xmlrpc.tail;

import dev.capstan.api.ServiceLogs;
import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.HttpRequest;
import dev.capstan.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /mainlogtail}: Capstan's own log as it is written, what supervisorctl's
 * {@code maintail -f} reads; 400 for another method than GET. Runs on the connection's thread
 * until the client leaves.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH + "=/mainlogtail",
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class MainLogTailEndpoint implements HttpEndpoint, TailSource {

    private final ServiceLogs logs;

    @Activate
    public MainLogTailEndpoint(@Reference ServiceLogs logs) {
        this.logs = logs;
    }

    @Override
    public void serve(HttpRequest request, HttpResponse response) throws IOException {
        if (!request.method().equals("GET")) {
            response.send(400, "text/plain; charset=utf-8", "a log tail takes GET\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        TailStream.serve(this, response, false);
    }

    @Override
    public AutoCloseable follow(Consumer<byte[]> sink) {
        return logs.followMain(sink);
    }

    @Override
    public byte[] last(int n) {
        return logs.mainTail(n);
    }

    @Override
    public long size() {
        return logs.readMain(0, 0).size();
    }
}
