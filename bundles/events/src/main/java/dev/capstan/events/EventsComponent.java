package dev.capstan.events;

import dev.capstan.api.ClaimedStdio;
import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.EngineHealth;
import dev.capstan.api.OutputEventSink;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.StdioClaimant;
import dev.capstan.api.StreamName;
import dev.capstan.api.Supervisor;
import dev.capstan.events.pool.EventHub;
import java.nio.ByteBuffer;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * supervisord's event listeners in Capstan: claims the stdin and stdout of every event listener's
 * process from the engine, takes the output events of the logs bundle, and hears the engine's
 * events, all into one {@link EventHub}. Reads {@code identifier} (the {@code server:} of every
 * header) from {@code dev.capstan.supervisor}.
 *
 * <p>The EventAdmin handler is registered first thing at activation, then the services the engine
 * already has are taken from the {@link Supervisor}: at boot the engine may have its first
 * definitions a moment before this bundle is active, and a definition is both in that list and
 * in an event only harmlessly (the hub takes a definition it knows as no change). When the engine
 * was RUNNING already (this bundle was updated while Capstan runs), the hub is told so, or it
 * would keep waiting for the boot's end to announce groups.
 */
@Component(service = {StdioClaimant.class, OutputEventSink.class}, immediate = true,
        configurationPid = ConfigurationPids.SUPERVISOR, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class EventsComponent implements StdioClaimant, OutputEventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventsComponent.class);
    static final String IDENTIFIER = "identifier";
    static final String DEFAULT_IDENTIFIER = "supervisor";

    private final EventHub hub = new EventHub(System::currentTimeMillis);
    private ServiceRegistration<EventHandler> handler;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        modified(properties);
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, EngineEvents.TOPICS);
        handler = context.registerService(EventHandler.class, new EngineEvents(hub), topics);
        ServiceReference<Supervisor> ref = context.getServiceReference(Supervisor.class);
        Supervisor supervisor = ref == null ? null : context.getService(ref);
        if (supervisor != null) {
            try {
                for (ServiceStatus s : supervisor.services()) {
                    hub.defined(s.spec());
                }
            } catch (RuntimeException e) {
                LOG.warn("could not list the services already defined: {}", e.toString());
            } finally {
                context.ungetService(ref);
            }
        }
        if (engineRunning(context)) {
            hub.alreadyRunning();
        }
    }

    private static boolean engineRunning(BundleContext context) {
        ServiceReference<EngineHealth> ref = context.getServiceReference(EngineHealth.class);
        EngineHealth engine = ref == null ? null : context.getService(ref);
        if (engine == null) {
            return false;
        }
        try {
            return engine.running();
        } finally {
            context.ungetService(ref);
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Object identifier = properties.get(IDENTIFIER);
        hub.server(identifier == null ? DEFAULT_IDENTIFIER : identifier.toString());
    }

    @Deactivate
    void deactivate() {
        if (handler != null) {
            handler.unregister();
        }
        hub.close();
    }

    @Override
    public ClaimedStdio claim(ServiceSpec spec) {
        return hub.claim(spec);
    }

    @Override
    public void logged(ServiceSpec spec, int pid, StreamName stream, ByteBuffer bytes) {
        hub.logged(spec, pid, stream, bytes);
    }

    @Override
    public void communicated(ServiceSpec spec, int pid, StreamName stream, byte[] data) {
        hub.communicated(spec, pid, stream, data);
    }
}
