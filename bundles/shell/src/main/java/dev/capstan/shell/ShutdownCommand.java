package dev.capstan.shell;

import dev.capstan.container.Container;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code shutdown}: the orderly stop a SIGTERM starts, with its exit code (0; with an s6-overlay
 * tree, what its exit code file holds, as s6-overlay's {@code halt}).
 */
@GogoCommand(scope = "capstan", function = "shutdown")
@Component(service = ShutdownCommand.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ShutdownCommand {
    private final Container container;

    @Activate
    public ShutdownCommand(@Reference Container container) {
        this.container = container;
    }

    /** Returns at once, as supervisorctl's does; the services then stop in order. */
    public void shutdown(String... args) {
        Output out = Output.current();
        if (args.length > 0) {
            out.println("Error: shutdown accepts no arguments");
            out.exit(ExitCode.INVALID_ARGS);
        } else if (container.isShuttingDown()) {
            out.println("ERROR: already shutting down");
        } else {
            container.halt();
            out.println("Shut down");
        }
    }
}
