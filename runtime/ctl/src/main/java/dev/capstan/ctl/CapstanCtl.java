package dev.capstan.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code capstanctl [-c FILE] [-s URL] [-u USER] [-p PASS] [-i] [command args...]}: supervisorctl
 * for Capstan. With a command, runs it and exits with its code; with none (or -i), an interactive
 * shell. Depends on the JDK alone and loads few classes, so a call costs little more than a JVM
 * start. Under supervisorctl's name ({@link SupervisorCtl}) it joins its arguments into one line
 * as supervisorctl does.
 */
public final class CapstanCtl {
    static final String USAGE = """
            capstanctl -- control a running Capstan, as supervisorctl controls supervisord.

            Usage: capstanctl [options] [command [argument ...]]

            Options:
            -c/--configuration FILE  configuration file naming the socket ([supervisorctl] serverurl
                                     or [unix_http_server] file); default: /etc/capstan/capstan.conf,
                                     the distribution's etc/capstan.conf, then supervisord's paths
            -s/--serverurl URL       unix:///path (or just the path) or http://host:port
            -u/--username USER       for a server that asks ([supervisorctl] username)
            -p/--password PASS       the password ([supervisorctl] password)
            -i/--interactive         start the interactive shell after running the command
            -r/--history-file FILE   interactive history (default ~/.capstanctl_history)
            -h/--help                print this message and exit

            command: status, start, stop, restart, signal, tail, ... ("capstanctl help" lists them).
            Without one, an interactive shell where Felix's commands (lb, headers, ...) work too.""";

    private CapstanCtl() {
    }

    public static void main(String[] args) {
        String home = System.getProperty("capstan.home");
        int code = run(args, System.in, System.out, System.err, System.getenv(), home, System.console() != null);
        System.exit(code);
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env,
            String home, boolean tty) {
        return run(args, stdin, out, err, env, home, tty, false);
    }

    /**
     * The whole client without {@code System.exit}: for tests and for embedding.
     *
     * @param home the distribution directory (property capstan.home), or null
     * @param tty  whether stdin is a terminal: prompts, confirmations and Ctrl-C handling
     * @param supervisorctl run as supervisorctl: its usage, its prompt, and the arguments joined
     *                      with spaces into one line as typed (supervisorctl's {@code onecmd(" ".join(args))}),
     *                      where capstanctl escapes each for Gogo
     * @return the exit code
     */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env,
            String home, boolean tty, boolean supervisorctl) {
        String usage = supervisorctl ? SupervisorCtl.USAGE : USAGE;
        String serverUrl = null;
        String username = null;
        String password = null;
        Path config = null;
        Path historyFile = Path.of(System.getProperty("user.home"), ".capstanctl_history");
        boolean interactive = false;
        int i = 0;
        for (; i < args.length && args[i].startsWith("-") && !args[i].equals("-"); i++) {
            String a = args[i];
            String value = a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : null;
            String option = value != null ? a.substring(0, a.indexOf('=')) : a;
            if (option.equals("--")) {
                i++;
                break;
            }
            switch (option) {
                case "-h", "--help" -> {
                    out.println(usage);
                    return 0;
                }
                case "-i", "--interactive" -> interactive = true;
                case "-c", "--configuration", "-s", "--serverurl", "-r", "--history-file", "-u", "--username",
                        "-p", "--password" -> {
                    if (value == null) {
                        if (++i == args.length) {
                            return usage(err, usage, "option " + option + " requires argument");
                        }
                        value = args[i];
                    }
                    switch (option) {
                        case "-c", "--configuration" -> config = Path.of(value);
                        case "-s", "--serverurl" -> serverUrl = value;
                        case "-r", "--history-file" -> historyFile = Path.of(value);
                        case "-u", "--username" -> username = value;
                        default -> password = value;
                    }
                }
                default -> {
                    return usage(err, usage, "option " + option + " not recognized");
                }
            }
        }
        List<String> command = new ArrayList<>(Arrays.asList(args).subList(i, args.length));
        Server server;
        try {
            server = ServerAddress.locate(serverUrl, config, home, Path.of("").toAbsolutePath(), env)
                    .withCredentials(username, password);
        } catch (ServerAddress.UsageError e) {
            return usage(err, usage, e.getMessage());
        }
        ControlClient client = new ControlClient(server, out, err);
        int code = 0;
        if (!command.isEmpty()) {
            String line;
            try {
                line = supervisorctl ? String.join(" ", command) : ControlClient.commandLine(command);
            } catch (IllegalArgumentException e) {
                return usage(err, usage, e.getMessage());
            }
            code = client.run(line, command.get(0));
            if (!interactive) {
                return code;
            }
        }
        if (tty) {
            cancelOnCtrlC(client, out, supervisorctl ? "supervisor> " : "capstan> ");
        }
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, Charset.defaultCharset()));
            return new InteractiveShell(client, in, out, tty, historyFile, supervisorctl ? "supervisor> " : "capstan> ").run();
        } catch (IOException e) {
            err.println("capstanctl: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Ctrl-C ends the running command (tail -f) and returns to the prompt, as in supervisorctl.
     * sun.misc.Signal (module jdk.unsupported) is the JDK's only way to catch a signal; javac
     * warns about it and cannot be told not to.
     */
    private static void cancelOnCtrlC(ControlClient client, PrintStream out, String prompt) {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), new sun.misc.SignalHandler() {
            @Override
            public void handle(sun.misc.Signal signal) {
                if (!client.cancel()) {
                    out.print("\n" + prompt);
                    out.flush();
                }
            }
        });
    }

    private static int usage(PrintStream err, String usage, String message) {
        err.println("Error: " + message);
        err.println(usage);
        return 2;
    }
}
