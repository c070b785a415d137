package dev.capstan.container;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What {@code capstan --check} runs: the configuration file read exactly as Capstan reads it at
 * boot, without booting. The config bundle provides it (a {@code META-INF/services} entry); the
 * launcher loads it outside the framework, from the distribution's jars, so that a check starts
 * nothing and binds nothing. Called once, on the launcher's main thread.
 */
public interface ConfigCheck {

    /**
     * Prints every warning and error of the file (and of the files it includes) on {@code err};
     * on {@code out} a one-line verdict, or with {@code json} the services the file resolves to.
     *
     * @return 0 when Capstan would boot with the file, 2 when it would not
     */
    int check(Path file, boolean json, PrintStream out, PrintStream err);
}
