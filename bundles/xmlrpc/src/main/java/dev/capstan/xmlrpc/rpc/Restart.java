package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.SupervisorException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * supervisord's {@code restart} without restarting Capstan, which may be PID 1: every process
 * stops (highest priority first), the configuration file is applied, and every autostart process
 * starts again, as capstanctl's {@code reload} does. Runs on a thread of its own, since the call
 * answers at once as supervisord's does; a restart asked for while one runs joins it.
 */
final class Restart implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Restart.class);

    /** The restart waits for every stop and start; nobody is on the line to leave. */
    private static final Caller NOBODY = new Caller() {
        @Override
        public boolean gone() {
            return false;
        }
    };

    private final ProcessTable table;
    private final ProcessControl control;
    private final ConfigGroups groups;
    private final AtomicBoolean running = new AtomicBoolean();

    Restart(ProcessTable table, ProcessControl control, ConfigGroups groups) {
        this.table = table;
        this.control = control;
        this.groups = groups;
    }

    void begin() {
        if (running.compareAndSet(false, true)) {
            Thread t = new Thread(this, "capstan-xmlrpc-restart");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void run() {
        try {
            LOG.info("XML-RPC restart: stopping every service, applying the configuration file, starting them again");
            control.stopAll(table.byPriority(), true, NOBODY);
            ConfigFileService file = groups.configurationOrNull();
            if (file != null) {
                try {
                    file.update(List.of());
                } catch (SupervisorException e) {
                    // The old definitions stay; start them again rather than leave everything down.
                    LOG.error("XML-RPC restart: {}", e.getMessage());
                }
            }
            List<ServiceStatus> autostart = new ArrayList<>();
            for (ServiceStatus s : table.byPriority()) {
                if (s.spec().autostart()) {
                    autostart.add(s);
                }
            }
            control.startAll(autostart, true, NOBODY);
        } catch (RuntimeException e) {
            LOG.error("XML-RPC restart failed", e);
        } finally {
            running.set(false);
        }
    }
}
