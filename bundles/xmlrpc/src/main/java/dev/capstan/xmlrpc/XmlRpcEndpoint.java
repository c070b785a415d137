package dev.capstan.xmlrpc;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.Supervisor;
import dev.capstan.container.Container;
import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.HttpRequest;
import dev.capstan.http.HttpResponse;
import dev.capstan.xmlrpc.codec.MalformedRequestException;
import dev.capstan.xmlrpc.codec.MethodCall;
import dev.capstan.xmlrpc.codec.XmlRpcReader;
import dev.capstan.xmlrpc.codec.XmlRpcWriter;
import dev.capstan.xmlrpc.rpc.Caller;
import dev.capstan.xmlrpc.rpc.CallerGoneException;
import dev.capstan.xmlrpc.rpc.RpcFault;
import dev.capstan.xmlrpc.rpc.RpcInterface;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /RPC2}: supervisord's XML-RPC interface, for supervisorctl and every XML-RPC
 * client, at the operator tier. A body that is not an XML-RPC call (not XML, a DOCTYPE, no
 * method name) gets HTTP 400, another method than POST too, as from supervisord; a fault is a
 * 200 with a {@code <fault>}. Reads {@code identifier} and {@code childlogdir} from the
 * {@code [supervisord]} section ({@code dev.capstan.supervisor}). Each call runs on its
 * connection's thread, and a start or stop with {@code wait} blocks that thread until it is done
 * or the client leaves.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH + "=" + XmlRpcEndpoint.PATH,
        configurationPid = ConfigurationPids.SUPERVISOR, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class XmlRpcEndpoint implements HttpEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(XmlRpcEndpoint.class);
    static final String PATH = "/RPC2";
    /** The framework property in which the launcher gives Capstan's version. */
    static final String VERSION_PROPERTY = "capstan.version";

    private final Supervisor supervisor;
    private final ServiceLogs logs;
    private final Container container;
    private final String version;
    private volatile RpcInterface rpc;
    private volatile ConfigFileService configuration;
    private volatile EventAdmin events;

    @Activate
    public XmlRpcEndpoint(@Reference Supervisor supervisor, @Reference ServiceLogs logs,
            @Reference Container container, BundleContext context, Map<String, Object> properties) {
        this.supervisor = supervisor;
        this.logs = logs;
        this.container = container;
        this.version = Objects.requireNonNullElse(context.getProperty(VERSION_PROPERTY), "unknown");
        configure(properties);
    }

    /** {@code [supervisord] identifier} and {@code childlogdir} changed: later calls see them. */
    @Modified
    void configure(Map<String, Object> properties) {
        Object identifier = properties.get("identifier");
        Object childLogDir = properties.get("childlogdir");
        RpcInterface fresh = new RpcInterface(supervisor, logs, container,
                identifier == null ? "supervisor" : identifier.toString(), version,
                Path.of(childLogDir == null ? System.getProperty("java.io.tmpdir") : childLogDir.toString()));
        fresh.configuration(configuration);
        fresh.events(events);
        rpc = fresh;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetConfiguration")
    void setConfiguration(ConfigFileService c) {
        configuration = c;
        RpcInterface r = rpc;
        if (r != null) {
            r.configuration(c);
        }
    }

    void unsetConfiguration(ConfigFileService gone) {
        if (configuration == gone) {
            setConfiguration(null);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetEvents")
    void setEvents(EventAdmin e) {
        events = e;
        RpcInterface r = rpc;
        if (r != null) {
            r.events(e);
        }
    }

    void unsetEvents(EventAdmin gone) {
        if (events == gone) {
            setEvents(null);
        }
    }

    @Override
    public void serve(HttpRequest request, HttpResponse response) throws IOException {
        if (!request.method().equals("POST")) {
            response.send(400, "text/plain; charset=utf-8", "XML-RPC takes POST\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        MethodCall call;
        try {
            call = XmlRpcReader.read(request.body());
        } catch (MalformedRequestException e) {
            LOG.warn("XML-RPC request of {} bytes from {} is invalid: {}", request.body().length, request.peer(),
                    e.getMessage());
            response.send(400, "text/plain; charset=utf-8", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] answer;
        try {
            answer = XmlRpcWriter.response(rpc.call(call.method(), call.params(), new ClientOf(response)));
        } catch (RpcFault f) {
            answer = XmlRpcWriter.fault(f.code(), f.text());
        } catch (CallerGoneException e) {
            return; // nobody to answer; what the call started goes on
        }
        response.send(200, "text/xml", answer);
    }

    /** The HTTP client of one call. */
    private static final class ClientOf implements Caller {
        private final HttpResponse response;

        ClientOf(HttpResponse response) {
            this.response = response;
        }

        @Override
        public boolean gone() {
            return response.clientGone();
        }
    }
}
