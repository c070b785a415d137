package dev.capstan.shell.test;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.Fault;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.SupervisorException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A ConfigFileService that answers with the plan it is given, or fails as a broken file does. */
public final class ScriptedConfigFile implements ConfigFileService {
    public volatile ReloadPlan plan = new ReloadPlan(List.of(), List.of(), List.of());
    /** When set, reread and update fail with CANT_REREAD and this message. */
    public volatile String brokenFile;
    /** The names each update was called with. */
    public final List<List<String>> updates = new ArrayList<>();

    @Override
    public ReloadPlan reread() {
        check();
        return plan;
    }

    @Override
    public synchronized ReloadPlan update(Collection<String> names) {
        check();
        updates.add(List.copyOf(names));
        return plan;
    }

    @Override
    public List<ServiceSpec> services() {
        throw new UnsupportedOperationException("the shell never lists the file's services");
    }

    @Override
    public List<String> withdraw(Collection<String> names) {
        throw new UnsupportedOperationException("the shell never withdraws");
    }

    @Override
    public long reloads() {
        throw new UnsupportedOperationException("the shell never counts reloads");
    }

    @Override
    public long reloadFailures() {
        throw new UnsupportedOperationException("the shell never counts reloads");
    }

    private void check() {
        if (brokenFile != null) {
            throw new SupervisorException(Fault.CANT_REREAD, brokenFile);
        }
    }
}
