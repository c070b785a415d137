package dev.capstan.ctl;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code supervisorctl}: capstanctl under supervisorctl's name, for the scripts and tools (Ansible's
 * supervisorctl module) that call it. Its options are supervisorctl's; its arguments are joined
 * into one command line as supervisorctl joins them, so {@code supervisorctl "signal USR1" web}
 * is {@code signal USR1 web}.
 */
public final class SupervisorCtl {
    static final String USAGE = """
            supervisorctl -- control a running Capstan, as supervisorctl controls supervisord.

            Usage: supervisorctl [options] [action [arguments]]

            Options:
            -c/--configuration FILENAME -- configuration file path (searches if not given)
            -h/--help -- print usage message and exit
            -i/--interactive -- start an interactive shell after executing commands
            -s/--serverurl URL -- URL on which Capstan is listening: unix:///path or
                 http://host:port (default: the control socket)
            -u/--username USERNAME -- username to use for authentication with server
            -p/--password PASSWORD -- password to use for authentication with server
            -r/--history-file -- keep a history of the interactive shell

            action [arguments] -- see below

            Actions are commands like "tail" or "stop".  If -i is specified or no action is
            specified on the command line, a "shell" interpreting actions typed
            interactively is started.  Use the action "help" to find out about available
            actions.""";

    private SupervisorCtl() {
    }

    public static void main(String[] args) {
        String home = System.getProperty("capstan.home");
        System.exit(run(args, System.in, System.out, System.err, System.getenv(), home, System.console() != null));
    }

    /** The whole client without {@code System.exit}, as {@link CapstanCtl#run} is. */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env,
            String home, boolean tty) {
        return CapstanCtl.run(args, stdin, out, err, env, home, tty, true);
    }
}
