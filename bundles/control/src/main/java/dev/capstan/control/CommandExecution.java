package dev.capstan.control;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.SyntaxError;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.apache.felix.service.command.JobListener;

/**
 * One command line run in a fresh Gogo session, and its exit code.
 *
 * <p>The session looks up commands in scope {@code capstan} first, so {@code start web} is the
 * service and {@code felix:start 5} the bundle, and it does not glob, so {@code group:*} reaches
 * the command as typed. A command reports its exit code with Gogo's own
 * {@code Process.error(int)}; the code of the last top-level job is the line's (Gogo calls
 * {@link #jobChanged} on the job's thread). A line Gogo cannot run at all gets supervisorctl's
 * code: 1 for an unknown command, 2 for a line that does not parse or arguments no method takes,
 * 1 for any other failure.
 */
final class CommandExecution implements JobListener, AutoCloseable {
    /** Capstan's verbs before Felix's bundle commands of the same name. */
    static final String SCOPE = "capstan:*";

    private final CommandSession session;
    private final PrintStream out;
    private final PrintStream err;
    private volatile int exit;

    CommandExecution(CommandProcessor processor, OutputStream out, OutputStream err) {
        this.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        session = processor.createSession(InputStream.nullInputStream(), this.out, this.err);
        session.put("SCOPE", SCOPE);
        session.put(CommandSession.OPTION_NO_GLOB, Boolean.TRUE);
        session.setJobListener(this);
    }

    @Override
    public void jobChanged(Job job, Job.Status previous, Job.Status current) {
        if (current == Job.Status.Done && job.parent() == null && job.result() != null) {
            exit = job.result().error();
        }
    }

    /** An administrator's line, Gogo syntax and all. */
    int run(String line) {
        return execute(line, line);
    }

    /**
     * An operator's command: {@code capstan:VERB $arg1 $arg2 ...} with each word in a session
     * variable, so a word reaches the verb as one string and is never parsed as Gogo.
     *
     * @param line as the operator sent it, for messages
     */
    int run(OperatorCommand command, String line) {
        StringBuilder literal = new StringBuilder("capstan:").append(command.verb());
        List<String> words = command.arguments();
        for (int i = 0; i < words.size(); i++) {
            String variable = "arg" + (i + 1);
            session.put(variable, words.get(i));
            literal.append(" $").append(variable);
        }
        return execute(literal.toString(), line);
    }

    private int execute(String script, String line) {
        try {
            Object result = session.execute(script);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return exit;
        } catch (CommandNotFoundException e) {
            out.println("*** Unknown syntax: " + line);
            return 1;
        } catch (InterruptedException e) {
            // Cancelled: the client is gone and will not read this.
            return 1;
        } catch (Exception e) {
            // Gogo turns an unfinished line (an open quote) into an EOFException around its SyntaxError.
            if (e instanceof SyntaxError || e.getCause() instanceof SyntaxError) {
                err.println("*** Syntax error: " + e.getMessage());
                return 2;
            }
            err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return e instanceof IllegalArgumentException ? 2 : 1;
        }
    }

    /** Ends the session: a command still running is interrupted. */
    @Override
    public void close() {
        session.close();
    }
}
