package dev.capstan.control;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one command on a command thread and writes its exit frame, which ends the response. */
final class CommandRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRun.class);

    private final CommandExecution execution;
    private final OperatorCommand operator;
    private final String line;
    private final FrameWriter frames;

    /** @param operator the operator's command, or null for an administrator's line */
    CommandRun(CommandExecution execution, OperatorCommand operator, String line, FrameWriter frames) {
        this.execution = execution;
        this.operator = operator;
        this.line = line;
        this.frames = frames;
    }

    @Override
    public void run() {
        int code = operator == null ? execution.run(line) : execution.run(operator, line);
        try {
            frames.exit(code);
        } catch (IOException e) {
            LOG.debug("control: client gone before the end of '{}'", line);
        }
    }
}
