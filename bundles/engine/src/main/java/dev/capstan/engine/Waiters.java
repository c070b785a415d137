package dev.capstan.engine;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.SupervisorException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The callers waiting for one service to reach a state (the stages {@code start} and
 * {@code stop} returned): each is completed with the status it reached, or failed with the
 * fault that prevented it, once. Used on the engine thread only.
 */
final class Waiters {
    private final SupervisedService service;
    private final List<CompletableFuture<ServiceStatus>> waiting = new ArrayList<>();

    Waiters(SupervisedService service) {
        this.service = service;
    }

    /** @param waiter null when nobody waits */
    void add(CompletableFuture<ServiceStatus> waiter) {
        if (waiter != null) {
            waiting.add(waiter);
        }
    }

    /** Completes every waiter with the service's status now. */
    void completeAll() {
        if (waiting.isEmpty()) {
            return;
        }
        ServiceStatus now = service.status();
        for (CompletableFuture<ServiceStatus> w : drain()) {
            w.complete(now);
        }
    }

    void failAll(Fault fault, String why) {
        for (CompletableFuture<ServiceStatus> w : drain()) {
            fail(w, fault, why);
        }
    }

    /** Fails one caller that was never added, because the request could not even begin. */
    void fail(CompletableFuture<ServiceStatus> waiter, Fault fault, String why) {
        if (waiter != null) {
            waiter.completeExceptionally(new SupervisorException(fault, service.spec().fullName() + ": " + why));
        }
    }

    /** Empties the list first: a completed stage's callbacks may add a new waiter. */
    private List<CompletableFuture<ServiceStatus>> drain() {
        List<CompletableFuture<ServiceStatus>> drained = new ArrayList<>(waiting);
        waiting.clear();
        return drained;
    }
}
