package dev.capstan.config.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a configuration is read against: the environment {@code %(ENV_X)s} sees, the node name
 * {@code %(host_node_name)s} gives, and the user database {@code user =} is looked up in.
 * Tests give their own; Capstan gives {@link #current()}.
 */
public record Host(Map<String, String> environment, String nodeName, UserDatabase users) {

    public Host {
        environment = Map.copyOf(environment);
    }

    public static Host current() {
        return new Host(System.getenv(), kernelHostName(), UserDatabase.system());
    }

    /** The kernel's host name, as Python's platform.node() gives it, without a DNS lookup. */
    private static String kernelHostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "localhost";
        }
    }
}
