package dev.capstan.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each command's help, worded as supervisorctl's {@code help <topic>}; shown by {@code help} and
 * after a command's "Error: ..." line when it was called wrongly.
 */
final class HelpText {
    private static final Map<String, List<String>> TOPICS = new TreeMap<>();

    static {
        topic("add", "add <name> [...]\tActivates any updates in config for process/group");
        topic("avail", "avail\t\t\tDisplay all configured processes");
        topic("clear",
                "clear <name>\t\tClear a process' log files.",
                "clear <name> <name>\tClear multiple process' log files",
                "clear all\t\tClear all process' log files");
        topic("health",
                "health\t\t\tExit 0 if every autostart service is running and ready (a oneshot: done), else 1",
                "health --live\t\tExit 0 if Capstan's engine answers, else 1");
        topic("help",
                "help\t\t\tPrint a list of available commands",
                "help <command>\t\tPrint help for <command>",
                "felix:help\t\tList the Felix framework's commands (lb, headers, frameworklevel, ...)");
        topic("maintail",
                "maintail -f \tContinuous tail of capstan main log file (Ctrl-C to exit)",
                "maintail -100\tlast 100 *bytes* of capstan main log file",
                "maintail\tlast 1600 *bytes* of capstan main log file");
        topic("pid",
                "pid\t\t\tGet the PID of capstan.",
                "pid <name>\t\tGet the PID of a single child process by name.",
                "pid all\t\t\tGet the PID of every child process, one per line.");
        topic("reload",
                "reload \t\tStop every service, re-read the configuration, start every autostart service.",
                "\t\tTo apply only what changed, use update.");
        topic("remove", "remove <name> [...]\tRemoves process/group from active config");
        topic("reread", "reread \t\t\tReload the daemon's configuration files without add/remove");
        topic("restart",
                "restart <name>\t\tRestart a process",
                "restart <gname>:*\tRestart all processes in a group",
                "restart <name> <name>\tRestart multiple processes or groups",
                "restart all\t\tRestart all processes",
                "Note: restart does not reread config files. For that, see reread and update.");
        topic("shutdown", "shutdown \t\tStop every service in order and shut capstan down.");
        topic("signal",
                "signal <signal name> <name>\t\tSignal a process",
                "signal <signal name> <gname>:*\t\tSignal all processes in a group",
                "signal <signal name> <name> <name>\tSignal multiple processes or groups",
                "signal <signal name> all\t\tSignal all processes");
        topic("start",
                "start <name>\t\tStart a process",
                "start <gname>:*\t\tStart all processes in a group",
                "start <name> <name>\tStart multiple processes or groups",
                "start all\t\tStart all processes");
        topic("status",
                "status <name>\t\tGet status for a single process",
                "status <gname>:*\tGet status for all processes in a group",
                "status <name> <name>\tGet status for multiple named processes",
                "status\t\t\tGet all process status info",
                "status --json\t\tThe same as JSON, one object per process");
        topic("stop",
                "stop <name>\t\tStop a process",
                "stop <gname>:*\t\tStop all processes in a group",
                "stop <name> <name>\tStop multiple processes or groups",
                "stop all\t\tStop all processes");
        topic("tail",
                "tail [-f] <name> [stdout|stderr] (default stdout)",
                "Ex:",
                "tail -f <name>\t\tContinuous tail of named process stdout",
                "\t\t\tCtrl-C to exit.",
                "tail -100 <name>\tlast 100 *bytes* of process stdout",
                "tail <name> stderr\tlast 1600 *bytes* of process stderr");
        topic("update",
                "update\t\t\tReload config and add/remove as necessary, and will restart affected programs",
                "update all\t\tReload config and add/remove as necessary, and will restart affected programs",
                "update <gname> [...]\tUpdate specific groups");
        topic("version", "version\t\t\tShow the version of the remote capstan process");
    }

    private HelpText() {
    }

    private static void topic(String name, String... lines) {
        TOPICS.put(name, List.of(lines));
    }

    /** Every command of scope capstan, sorted. */
    static List<String> commands() {
        return new ArrayList<>(TOPICS.keySet());
    }

    /** The help of one command, or null if there is none. */
    static List<String> of(String command) {
        return TOPICS.get(command);
    }

    /**
     * Python's {@code cmd.Cmd.columnize}: the fewest rows whose columns, two spaces apart, fit
     * in {@code width}; filled column by column.
     */
    static List<String> columnize(List<String> words, int width) {
        int size = words.size();
        int rows = size;
        int[] widths = {0};
        for (int nrows = 1; nrows < size; nrows++) {
            int ncols = (size + nrows - 1) / nrows;
            int[] w = new int[ncols];
            int total = -2;
            for (int col = 0; col < ncols && total <= width; col++) {
                for (int row = 0; row < nrows && row + nrows * col < size; row++) {
                    w[col] = Math.max(w[col], words.get(row + nrows * col).length());
                }
                total += w[col] + 2;
            }
            if (total <= width) {
                rows = nrows;
                widths = w;
                break;
            }
        }
        List<String> lines = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < widths.length && row + rows * col < size; col++) {
                String word = words.get(row + rows * col);
                if (col > 0) {
                    line.append("  ");
                }
                line.append(word).append(" ".repeat(widths[col] - word.length()));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
