package dev.capstan.shell;

import dev.capstan.shell.test.CommandShell;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;

/** The command shell, with command lines run as the control socket runs them. */
final class TestShell extends CommandShell {

    record Run(String out, String err, int exit) {
    }

    /** One command line in a fresh session, as the control socket runs it. */
    Run run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger();
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err)) {
            session.put("SCOPE", "capstan:*");
            session.put(CommandSession.OPTION_NO_GLOB, Boolean.TRUE);
            session.setJobListener((job, previous, current) -> {
                if (current == Job.Status.Done && job.parent() == null && job.result() != null) {
                    exit.set(job.result().error());
                }
            });
            session.execute(line);
        }
        return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exit.get());
    }
}
