package dev.capstan.config.extender;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.config.admin.ConfigurationPublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Process;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code capstan:bundles}: which bundle provides which service. One line per service bundle and
 * service, with the bundle's id, start level and state and the service's state:
 *
 * <pre>
 * ID   LEVEL  BUNDLE                                  STATE     SERVICE  STATUS
 * 14   11     dev.capstan.service.dbus 0.1.0           ACTIVE    dbus     RUNNING
 * </pre>
 *
 * It lives here rather than in the shell bundle because it reads what the extender published.
 */
@GogoCommand(scope = "capstan", function = "bundles")
@Component(service = BundlesCommand.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class BundlesCommand {

    private final BundleContext context;
    private final ConfigurationAdmin admin;
    private final Supervisor supervisor;

    @Activate
    public BundlesCommand(BundleContext context, @Reference ConfigurationAdmin admin,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            Supervisor supervisor) {
        this.context = context;
        this.admin = admin;
        this.supervisor = supervisor;
    }

    @Descriptor("list service bundles and the services each provides")
    public void bundles() throws IOException, InvalidSyntaxException {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "LEVEL", "BUNDLE", "STATE", "SERVICE", "STATUS"});
        for (Bundle b : context.getBundles()) {
            if (!BundleDefinitions.declaresServices(b)) {
                continue;
            }
            String[] bundle = {Long.toString(b.getBundleId()), Integer.toString(b.adapt(BundleStartLevel.class).getStartLevel()),
                    b.getSymbolicName() + " " + b.getVersion(), state(b)};
            List<String> names = serviceNames(b);
            if (names.isEmpty()) {
                rows.add(row(bundle, "-", ""));
            }
            for (String name : names) {
                rows.add(row(bundle, name, status(name)));
            }
        }
        print(rows, Process.Utils.current().out());
    }

    /** The services the extender published for the bundle, by the configurations' source. */
    private List<String> serviceNames(Bundle b) throws IOException, InvalidSyntaxException {
        String filter = "(&(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + ConfigurationPids.SERVICE + ")("
                + ConfigurationPublisher.SOURCE + "=" + ServiceBundles.source(b) + "))";
        Configuration[] found = admin.listConfigurations(filter);
        List<String> names = new ArrayList<>();
        for (Configuration c : found == null ? new Configuration[0] : found) {
            names.add(String.valueOf(c.getProperties().get("name")));
        }
        names.sort(null);
        return names;
    }

    private String status(String name) {
        if (supervisor == null) {
            return "(no engine)";
        }
        Optional<ServiceStatus> s = supervisor.service(name);
        return s.map(st -> st.state().name()).orElse("(not defined)");
    }

    private static String[] row(String[] bundle, String service, String status) {
        return new String[] {bundle[0], bundle[1], bundle[2], bundle[3], service, status};
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private static void print(List<String[]> rows, PrintStream out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
