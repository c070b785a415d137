package dev.capstan.shell;

import java.util.List;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/** {@code help [command]}: supervisorctl's help, and a pointer to Felix's own commands. */
@GogoCommand(scope = "capstan", function = "help")
@Component(service = HelpCommand.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class HelpCommand {

    public void help(String... args) {
        Output out = Output.current();
        if (args.length == 0) {
            String header = "default commands (type help <topic>):";
            out.println(header);
            out.println("=".repeat(header.length()));
            out.lines(HelpText.columnize(HelpText.commands(), 79));
            out.println("");
            out.println("Felix's commands work too: lb, headers, frameworklevel, inspect, ... (felix:help);");
            out.println("its bundle commands are felix:start, felix:stop and felix:update.");
            return;
        }
        for (String topic : args) {
            List<String> text = HelpText.of(topic);
            if (text == null) {
                out.println("*** No help on " + topic);
            } else {
                out.lines(text);
            }
        }
    }
}
