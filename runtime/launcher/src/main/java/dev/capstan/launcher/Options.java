package dev.capstan.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line: {@code capstan [-c FILE] [--socket PATH] [--shell] [--check [--json]]
 * [--version] [--help]}.
 *
 * @param config  the configuration file, or null for the distribution's demo
 * @param socket  the control socket path, or null for the configured or default one
 * @param shell   open an interactive shell on the console
 * @param check   read the configuration, print its warnings and errors, start nothing, exit
 * @param json    with {@code check}: print the services it resolves to as JSON
 * @param version print the version and exit
 * @param help    print the usage and exit
 */
record Options(Path config, Path socket, boolean shell, boolean check, boolean json, boolean version, boolean help) {

    static final String USAGE = String.join("\n",
            "usage: capstan [-c FILE] [--socket PATH] [--shell] [--check [--json]] [--version] [--help]",
            "",
            "  -c, --configuration FILE  supervisord-style INI or services YAML (default: etc/capstan.conf)",
            "      --check               read the configuration, print every warning and error, start",
            "                            nothing; exit 0 when it would boot, 2 when not",
            "      --json                with --check: print the services it resolves to as JSON",
            "  -s, --socket PATH         control socket for capstanctl (default: [unix_http_server] file=,",
            "                            else /run/capstan/capstan.sock)",
            "      --shell               an interactive command shell on this terminal",
            "  -v, --version             print the version and exit",
            "  -h, --help                print this help and exit",
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
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
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
        return new Options(config, socket, shell, check, json, version, help);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).isEmpty()) {
            throw new IllegalArgumentException(option + ": needs a value");
        }
        return args.get(i);
    }
}
