package dev.capstan.config.admin;

import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.process.Signal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the engine (another bundle, built elsewhere): keeps the defined specs and records
 * each define and remove, in the order ConfigAdmin's update thread made them.
 */
public final class RecordingSupervisor implements Supervisor {

    public final Map<String, ServiceSpec> defined = new ConcurrentHashMap<>();
    public final Map<String, String> origins = new ConcurrentHashMap<>();
    private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

    /** The next call, "define NAME" or "remove NAME", waiting up to 10 s for it. */
    public String next() throws InterruptedException {
        String call = calls.poll(10, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("no call to the supervisor within 10 s");
        }
        return call;
    }

    @Override
    public void define(ServiceSpec spec, String origin) {
        defined.put(spec.name(), spec);
        origins.put(spec.name(), origin);
        calls.add("define " + spec.name());
    }

    @Override
    public CompletionStage<Void> remove(String name) {
        defined.remove(name);
        calls.add("remove " + name);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<ServiceStatus> services() {
        throw new UnsupportedOperationException("not used by the config bundle");
    }

    @Override
    public Optional<ServiceStatus> service(String name) {
        throw new UnsupportedOperationException("not used by the config bundle");
    }

    @Override
    public CompletionStage<ServiceStatus> start(String name) {
        throw new UnsupportedOperationException("not used by the config bundle");
    }

    @Override
    public CompletionStage<ServiceStatus> stop(String name) {
        throw new UnsupportedOperationException("not used by the config bundle");
    }

    @Override
    public CompletionStage<ServiceStatus> restart(String name) {
        throw new UnsupportedOperationException("not used by the config bundle");
    }

    @Override
    public void signal(String name, Signal signal) {
        throw new UnsupportedOperationException("not used by the config bundle");
    }
}
