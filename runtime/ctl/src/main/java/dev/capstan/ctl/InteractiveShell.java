package dev.capstan.ctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code capstanctl} with no command: supervisorctl's shell. Each line goes to Capstan as typed,
 * so Gogo syntax and Felix's own commands ({@code lb}, {@code headers 5}) work. History is kept
 * in a file and recalled with {@code history}, {@code !!}, {@code !N} and {@code !prefix}; the
 * JDK's console has no line editing (run it under rlwrap for arrow keys). Always exits 0.
 */
final class InteractiveShell {
    private static final int HISTORY_SIZE = 500;

    private final ControlClient client;
    private final BufferedReader in;
    private final PrintStream out;
    private final boolean tty;
    private final Path historyFile;
    private final String prompt;
    private final List<String> history = new ArrayList<>();

    InteractiveShell(ControlClient client, BufferedReader in, PrintStream out, boolean tty, Path historyFile, String prompt) {
        this.client = client;
        this.in = in;
        this.out = out;
        this.tty = tty;
        this.historyFile = historyFile;
        this.prompt = prompt;
    }

    int run() throws IOException {
        loadHistory();
        client.run("status", "status");
        while (true) {
            if (tty) {
                out.print(prompt);
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                if (tty) {
                    out.println();
                }
                return 0;
            }
            line = recall(line.trim());
            if (line == null || line.isEmpty()) {
                continue;
            }
            String command = firstWord(line);
            if (command.equals("exit") || command.equals("quit")) {
                return 0;
            }
            remember(line);
            if (command.equals("history")) {
                for (int i = 0; i < history.size(); i++) {
                    out.println((i + 1) + "  " + history.get(i));
                }
            } else if (confirmed(command)) {
                client.run(line, command);
            }
        }
    }

    /** supervisorctl asks before it stops the whole server. */
    private boolean confirmed(String command) throws IOException {
        String question = command.equals("shutdown") ? "Really shut the remote capstan process down y/N? "
                : command.equals("reload") ? "Really restart every service y/N? " : null;
        if (question == null || !tty) {
            return true;
        }
        out.print(question);
        out.flush();
        String answer = in.readLine();
        return answer != null && (answer.trim().equals("y") || answer.trim().equals("Y") || answer.trim().equals("yes"));
    }

    /** Expands {@code !!}, {@code !N} and {@code !prefix}; echoes the expansion as bash does. */
    private String recall(String line) {
        if (!line.startsWith("!") || line.length() < 2) {
            return line;
        }
        String key = line.substring(1);
        String found = null;
        if (key.equals("!")) {
            found = history.isEmpty() ? null : history.get(history.size() - 1);
        } else if (isNumber(key)) {
            int n = key.length() > 6 ? 0 : Integer.parseInt(key);
            found = n >= 1 && n <= history.size() ? history.get(n - 1) : null;
        } else {
            for (int i = history.size() - 1; i >= 0 && found == null; i--) {
                found = history.get(i).startsWith(key) ? history.get(i) : null;
            }
        }
        if (found == null) {
            out.println(line + ": event not found");
            return null;
        }
        out.println(found);
        return found;
    }

    private void remember(String line) {
        if (!history.isEmpty() && history.get(history.size() - 1).equals(line)) {
            return;
        }
        history.add(line);
        if (history.size() > HISTORY_SIZE) {
            history.remove(0);
        }
        if (historyFile != null) {
            try {
                Files.write(historyFile, List.of(line), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                // A read-only home: history stays in memory.
            }
        }
    }

    private void loadHistory() {
        if (historyFile == null || !Files.isReadable(historyFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(historyFile, StandardCharsets.UTF_8);
            history.addAll(lines.subList(Math.max(0, lines.size() - HISTORY_SIZE), lines.size()));
            if (lines.size() > 2 * HISTORY_SIZE) {
                Files.write(historyFile, history, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // Unreadable history is no history.
        }
    }

    private static boolean isNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static String firstWord(String line) {
        int i = 0;
        while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return line.substring(0, i);
    }
}
