package dev.capstan.engine.component;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.EngineHealth;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.StdioClaimant;
import dev.capstan.api.Supervisor;
import dev.capstan.container.Container;
import dev.capstan.container.ContainerListener;
import dev.capstan.engine.Engine;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine in the framework: the {@link Supervisor} and {@link EngineHealth} services, and the
 * {@link ContainerListener} that stops every service in order when the container shuts down. Its
 * one global key, {@code shutdown_timeout}, comes from the singleton configuration
 * {@code dev.capstan.supervisor} ({@code [capstan]} / {@code [supervisord]}), typed by the config
 * bundle ({@link Settings}).
 *
 * <p>The kernel and the Container are the launcher's and never go away. ServiceLogs and EventAdmin
 * are optional and dynamic: updating the logs bundle must not stop every running service, so the
 * engine itself waits for ServiceLogs before it spawns anything; events are simply not posted
 * while EventAdmin is missing.
 */
@Component(
        service = {Supervisor.class, EngineHealth.class, ContainerListener.class},
        immediate = true,
        configurationPid = ConfigurationPids.SUPERVISOR,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class SupervisorComponent implements Supervisor, EngineHealth, ContainerListener {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorComponent.class);

    /**
     * The key of {@code dev.capstan.supervisor} the engine reads, as the config bundle publishes
     * it: {@code shutdown_timeout} in milliseconds. (DS reads {@code __} in a method name as
     * {@code _} in the property's.)
     */
    @interface Settings {
        long shutdown__timeout__ms() default Engine.DEFAULT_SHUTDOWN_TIMEOUT_MS;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    private final Engine engine;
    private final Container container;
    private volatile ServiceLogs logs;

    @Activate
    public SupervisorComponent(@Reference(name = "kernel") ProcessKernel kernel,
                               @Reference(name = "container") Container container,
                               Settings settings) {
        this.container = container;
        engine = new Engine(kernel, () -> logs, container, () -> events, System.getenv());
        configure(settings);
    }

    /**
     * Optional and dynamic so that updating the logs bundle leaves running services alone; the
     * engine spawns nothing while it is missing (see RunLauncher).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, name = "logs", unbind = "unsetLogs")
    void setLogs(ServiceLogs logs) {
        this.logs = logs;
        engine.logsChanged();
    }

    /**
     * Bundles that take event listeners' stdin and stdout (the events bundle): multiple and
     * dynamic, so that listeners wait for one and updating it leaves other services alone.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, name = "claimants",
            unbind = "removeClaimant")
    void addClaimant(StdioClaimant claimant) {
        engine.addClaimant(claimant);
    }

    void removeClaimant(StdioClaimant claimant) {
        engine.removeClaimant(claimant);
    }

    void unsetLogs(ServiceLogs gone) {
        // With GREEDY a better service is bound before the old one is unbound: keep the new one.
        if (logs == gone) {
            logs = null;
            if (!container.isShuttingDown()) { // at shutdown the bundles stop, services are already down
                LOG.warn("the logs bundle is gone; services keep running, new processes wait for it");
            }
            engine.logsChanged();
        }
    }

    /**
     * The config bundle publishes only checked values; one that does not convert came from
     * elsewhere (a hand-written {@code deploy/dev.capstan.supervisor.cfg}), and must not stop the
     * engine: it is reported and the default used.
     */
    @Modified
    void configure(Settings settings) {
        Duration timeout = Duration.ofMillis(Engine.DEFAULT_SHUTDOWN_TIMEOUT_MS);
        try {
            timeout = Duration.ofMillis(settings.shutdown__timeout__ms());
        } catch (RuntimeException e) {
            LOG.error("{}: shutdown_timeout_ms: {}; using {} s", ConfigurationPids.SUPERVISOR, e.getMessage(),
                    timeout.toSeconds());
        }
        engine.shutdownTimeout(timeout);
    }

    @Override
    public Duration shutdownTimeout() {
        return engine.shutdownTimeout();
    }

    /** Bundle stop or framework stop without a container shutdown: no child may outlive the engine. */
    @Deactivate
    void deactivate() {
        engine.close();
    }

    @Override
    public void beforeShutdown() {
        engine.awaitShutdown();
    }

    @Override
    public List<ServiceStatus> services() {
        return engine.services();
    }

    @Override
    public Optional<ServiceStatus> service(String name) {
        return engine.service(name);
    }

    @Override
    public CompletionStage<ServiceStatus> start(String name) {
        return engine.start(name);
    }

    @Override
    public CompletionStage<ServiceStatus> stop(String name) {
        return engine.stop(name);
    }

    @Override
    public CompletionStage<ServiceStatus> restart(String name) {
        return engine.restart(name);
    }

    @Override
    public void signal(String name, Signal signal) {
        engine.signal(name, signal);
    }

    @Override
    public void sendStdin(String name, byte[] bytes) {
        engine.sendStdin(name, bytes);
    }

    @Override
    public void define(ServiceSpec spec, String origin) {
        engine.define(spec, origin);
    }

    @Override
    public CompletionStage<Void> remove(String name) {
        return engine.remove(name);
    }

    @Override
    public boolean responsive(Duration timeout) {
        return engine.responsive(timeout);
    }

    @Override
    public long events() {
        return engine.events();
    }

    @Override
    public boolean running() {
        return engine.running();
    }
}
