package dev.capstan.shell.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;

/**
 * Registers command components with a CommandProcessor as Gogo's whiteboard does in the
 * framework: under the osgi.command.scope and osgi.command.function that bnd wrote into the
 * component's description. So a function missing from {@code @GogoCommand} fails the tests too.
 */
public final class CommandRegistry {
    private static final Pattern SCOPE = Pattern.compile("name=\"osgi.command.scope\" type=\"String\" value=\"([^\"]+)\"");
    private static final Pattern FUNCTIONS = Pattern.compile("name=\"osgi.command.function\" type=\"String\"(?: value=\"([^\"]+)\"/>|>([^<]+)</property>)");

    private CommandRegistry() {
    }

    public static void register(CommandProcessorImpl processor, Object... components) {
        for (Object component : components) {
            String xml = description(component.getClass());
            Matcher scope = SCOPE.matcher(xml);
            Matcher functions = FUNCTIONS.matcher(xml);
            if (!scope.find() || !functions.find()) {
                throw new IllegalArgumentException(component.getClass() + ": no osgi.command properties");
            }
            for (String function : functions(functions)) {
                processor.addCommand(scope.group(1), component, function);
            }
        }
    }

    private static List<String> functions(Matcher m) {
        String text = m.group(1) != null ? m.group(1) : m.group(2);
        List<String> functions = new ArrayList<>();
        for (String f : text.split("\n")) {
            if (!f.isBlank()) {
                functions.add(f.trim());
            }
        }
        return functions;
    }

    private static String description(Class<?> type) {
        String path = "OSGI-INF/" + type.getName() + ".xml";
        try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException(path + ": not on the class path (is bnd-process running?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
