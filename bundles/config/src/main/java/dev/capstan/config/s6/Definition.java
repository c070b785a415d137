package dev.capstan.config.s6;

import dev.capstan.config.spec.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One service or bundle of a tree, as its files describe it: an s6-rc source definition
 * directory, a services.d directory, or a cont-init.d or cont-finish.d script. Filled by
 * {@link DefinitionReader}, read by {@link ServiceKeys}; absent files are null.
 */
final class Definition {

    enum Kind {
        LONGRUN, ONESHOT, BUNDLE
    }

    /** Where it comes from, which decides what it becomes. */
    enum Source {
        S6RC, SERVICES_D, LOGGER, CONT_INIT, CONT_FINISH
    }

    /** A name as a file or a directory entry wrote it, and where. */
    record Reference(String name, Location where) {
    }

    final String name;
    final Kind kind;
    final Source source;
    /** The definition's directory, or the script itself for cont-init.d and cont-finish.d. */
    final Path path;

    final List<Reference> dependencies = new ArrayList<>();
    final List<Reference> contents = new ArrayList<>();
    /** {@code run} (longrun), {@code up} (oneshot), the script (cont-init.d, cont-finish.d). */
    Path start;
    Path finish;
    Path down;
    Long timeoutUp;
    Long timeoutDown;
    Long timeoutKill;
    Long timeoutFinish;
    Integer notificationFd;
    Location notificationFdAt;
    String downSignal;
    Location downSignalAt;
    boolean killGroup;
    /** services.d's {@code down} file: not started until asked. */
    boolean startsDown;
    Reference producerFor;
    final List<Reference> consumerFor = new ArrayList<>();
    Reference pipelineName;

    Definition(String name, Kind kind, Source source, Path path) {
        this.name = name;
        this.kind = kind;
        this.source = source;
        this.path = path;
    }

    Location where() {
        return Location.of(path.toString());
    }

    boolean isAtomic() {
        return kind != Kind.BUNDLE;
    }
}
