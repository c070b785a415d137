package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * supervisord's check before a start ({@code get_execv_args}, {@code check_execv_args}): the
 * program is found in the service's PATH (or Capstan's) or at its path, and is an executable
 * file; otherwise the start fails at once with NO_FILE or NOT_EXECUTABLE and the words
 * supervisord uses, and nothing is spawned.
 */
final class CommandCheck {

    private CommandCheck() {
    }

    /** @throws RpcFault NO_FILE or NOT_EXECUTABLE */
    static void check(ServiceSpec spec) {
        String program = spec.command().get(0);
        Path file = program.contains("/") ? Path.of(program) : onPath(program, spec);
        if (file == null || !Files.exists(file)) {
            throw RpcFault.of(Fault.NO_FILE, "can't find command " + repr(program));
        }
        String name = repr(file.toString());
        if (Files.isDirectory(file)) {
            throw RpcFault.of(Fault.NOT_EXECUTABLE, "command at " + name + " is a directory");
        }
        if (!anyExecuteBit(file)) {
            throw RpcFault.of(Fault.NOT_EXECUTABLE, "command at " + name + " is not executable");
        }
        if (!Files.isExecutable(file)) {
            throw RpcFault.of(Fault.NOT_EXECUTABLE, "no permission to run command " + name);
        }
    }

    /** The first directory of PATH where the program exists, executable or not (as supervisord). */
    private static Path onPath(String program, ServiceSpec spec) {
        String path = spec.environment().get("PATH");
        if (path == null) {
            path = System.getenv("PATH");
        }
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir).resolve(program);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean anyExecuteBit(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.OWNER_EXECUTE) || p.contains(PosixFilePermission.GROUP_EXECUTE)
                    || p.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(file);
        }
    }

    /** Python's repr of a string, as supervisord's messages quote a command. */
    static String repr(String s) {
        boolean doubleQuote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0;
        char quote = doubleQuote ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(quote);
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == quote) {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\r') {
                b.append("\\r");
            } else {
                b.append(c);
            }
        }
        return b.append(quote).toString();
    }
}
