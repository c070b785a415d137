package dev.capstan.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line: {@code capstan [-c FILE|DIR] [--socket PATH] [--shell] [--check [--json]]
 * [--version] [--help] [-- CMD ARG...]}.
 *
 * @param config  the configuration file or s6-overlay tree, or null to look for one
 * @param socket  the control socket path, or null for the configured or default one
 * @param shell   open an interactive shell on the console
 * @param check   read the configuration, report, start nothing
 * @param json    with {@code check}: print the services it resolves to as JSON
 * @param version print the version and exit
 * @param help    print the usage and exit
 * @param command the container's CMD, what follows {@code --}; empty for none
 */
record Options(Path config, Path socket, boolean shell, boolean check, boolean json, boolean version, boolean help,
        List<String> command) {

    static final String USAGE = String.join("\n",
            "usage: capstan [-c FILE|DIR] [--socket PATH] [--shell] [--check [--json]] [--version] [--help]",
            "               [-- CMD [ARG...]]",
            "",
            "  -c, --configuration FILE  supervisord-style INI, services YAML, or an s6-overlay tree's",
            "                            directory (/etc/s6-overlay); default: etc/capstan.conf, else",
            "                            /etc/s6-overlay, else /etc/services.d and its neighbours",
            "      --check               read the configuration, print every warning and error, start",
            "                            nothing; exit 0 when it would boot, 2 when not",
            "      --json                with --check: print the services it resolves to as JSON",
            "  -s, --socket PATH         control socket for capstanctl (default: [unix_http_server] file=,",
            "                            else /run/capstan/capstan.sock)",
            "      --shell               an interactive command shell on this terminal",
            "  -v, --version             print the version and exit",
            "  -h, --help                print this help and exit",
            "  -- CMD [ARG...]           the container's main program: it starts once the services are",
            "                            up, and its exit ends Capstan with its exit code",
            "",
            "Signals: TERM and INT stop every service in order and exit; HUP re-reads the",
            "configuration and applies the difference; USR1 and USR2 reopen log files.");

    /** @throws IllegalArgumentException with a message fit for the user */
    static Options parse(List<String> args) {
        Path config = null;
        Path socket = null;
        boolean shell = false;
        boolean check = false;
        boolean json = false;
        boolean version = false;
        boolean help = false;
        List<String> command = List.of();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                command = List.copyOf(args.subList(i + 1, args.size()));
                if (command.isEmpty() || command.get(0).isEmpty()) {
                    throw new IllegalArgumentException("--: needs a command after it");
                }
                break;
            }
            switch (a) {
                case "-c", "--configuration" -> config = Path.of(value(args, ++i, a));
                case "-s", "--socket" -> socket = Path.of(value(args, ++i, a));
                case "--shell" -> shell = true;
                case "--check" -> check = true;
                case "--json" -> json = true;
                case "-v", "--version" -> version = true;
                case "-h", "--help" -> help = true;
                default -> {
                    if (a.startsWith("--configuration=")) {
                        config = Path.of(a.substring(a.indexOf('=') + 1));
                    } else if (a.startsWith("--socket=")) {
                        socket = Path.of(a.substring(a.indexOf('=') + 1));
                    } else {
                        throw new IllegalArgumentException(a + ": unknown option");
                    }
                }
            }
        }
        if (json && !check) {
            throw new IllegalArgumentException("--json: only with --check");
        }
        return new Options(config, socket, shell, check, json, version, help, command);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).isEmpty()) {
            throw new IllegalArgumentException(option + ": needs a value");
        }
        return args.get(i);
    }
}
