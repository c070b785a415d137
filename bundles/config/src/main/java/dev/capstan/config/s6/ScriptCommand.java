package dev.capstan.config.s6;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The argv that runs a script of the tree the way execve(2) runs it: the interpreter its
 * {@code #!} line names, that line's one optional argument, the script, then the arguments. So a
 * script runs whether or not its executable bit is set (s6-rc-compile copies run and finish with
 * mode 0755, so a source tree need not set it), and an interpreter where s6-overlay puts its own,
 * {@code /command/execlineb} or {@code /command/with-contenv}, is found on PATH when the image
 * has no {@code /command}: Debian's {@code execline} package installs {@code /usr/bin/execlineb},
 * Capstan's distribution {@code bin/with-contenv}.
 */
final class ScriptCommand {

    private final TreeFiles files;
    private final List<Path> path;

    /** @param path the directories an interpreter missing from its own place is looked for in, in order */
    ScriptCommand(TreeFiles files, List<Path> path) {
        this.files = files;
        this.path = path;
    }

    /**
     * @return the argv, or null when the script cannot run (the problem is in {@code problems})
     */
    List<String> argv(Path script, List<String> args, TreeProblems problems) {
        Optional<String> first = files.firstLine(script);
        if (first.isEmpty()) {
            return null;
        }
        List<String> argv = new ArrayList<>();
        String line = first.get();
        if (line.startsWith("#!")) {
            String rest = line.substring(2).strip();
            int space = indexOfBlank(rest);
            String interpreter = space < 0 ? rest : rest.substring(0, space);
            String argument = space < 0 ? "" : rest.substring(space).strip();
            String found = interpreter.isEmpty() ? null : resolve(interpreter);
            if (found == null) {
                String name = Path.of(interpreter.isEmpty() ? "?" : interpreter).getFileName().toString();
                problems.add(new ConfigException(new Location(script.toString(), 1), "#!" + interpreter,
                        "no such interpreter, and no " + name + " on PATH"
                                + (interpreter.startsWith("/command/") ? " (install execline, put Capstan's bin/ on PATH,"
                                        + " or link /command: docs/s6-overlay-migration.md)" : "")));
                return null;
            }
            argv.add(found);
            if (!argument.isEmpty()) {
                argv.add(argument); // the kernel passes the rest of the line as one argument
            }
        } else if (!Files.isExecutable(script)) {
            problems.add(new ConfigException(new Location(script.toString(), 1), script.getFileName().toString(),
                    "not executable and no #! line to say what runs it"));
            return null;
        }
        argv.add(script.toString());
        argv.addAll(args);
        return argv;
    }

    /** A program by absolute path when it is there, else by its name on {@link #path}; null when neither. */
    String resolve(String program) {
        if (program.startsWith("/") && Files.isExecutable(Path.of(program))) {
            return program;
        }
        String name = Path.of(program).getFileName().toString();
        for (Path dir : path) {
            Path candidate = dir.resolve(name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }
}
