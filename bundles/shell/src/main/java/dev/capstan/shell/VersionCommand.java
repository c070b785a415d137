package dev.capstan.shell;

import java.util.Objects;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/** {@code version}: the version of the Capstan that answers, as supervisorctl's shows supervisord's. */
@GogoCommand(scope = "capstan", function = "version")
@Component(service = VersionCommand.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class VersionCommand {
    /** The framework property in which the launcher gives its version. */
    static final String PROPERTY = "capstan.version";

    private final String version;

    @Activate
    public VersionCommand(BundleContext context) {
        this(context.getProperty(PROPERTY));
    }

    /** @param version the version to show; null when the framework was not started by Capstan's launcher */
    public VersionCommand(String version) {
        this.version = Objects.requireNonNullElse(version, "(not started by the capstan launcher)");
    }

    public void version(String... args) {
        Output out = Output.current();
        if (args.length > 0) {
            out.println("Error: version accepts no arguments");
            out.exit(ExitCode.INVALID_ARGS);
        } else {
            out.println(version);
        }
    }
}
