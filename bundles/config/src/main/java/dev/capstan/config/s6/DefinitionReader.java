package dev.capstan.config.s6;

import dev.capstan.config.s6.Definition.Kind;
import dev.capstan.config.s6.Definition.Reference;
import dev.capstan.config.s6.Definition.Source;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.Warnings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the files of a tree into {@link Definition}s, as s6-rc-compile and s6-overlay's scripts
 * read them: what they require is a problem when missing, what Capstan does not do is a warning,
 * what neither reads is left alone.
 */
final class DefinitionReader {

    /** Files of a longrun that s6 reads and Capstan does not act on, with why. */
    private static final List<String> IGNORED_LONGRUN_FILES = List.of(
            "lock-fd", "Capstan starts one process per service and never a second while the first runs",
            "max-death-tally", "Capstan keeps no death tally for s6-svdt or s6-permafailon to read",
            "flag-newpidns", "services run in Capstan's PID namespace",
            "reload-signal", "there is no s6-svc -l; send the signal with capstanctl signal",
            "template", "instanced services are not supported");

    private final TreeFiles files;
    private final TreeValues values;
    private final TreeProblems problems;
    private final Warnings warnings;

    DefinitionReader(TreeFiles files, TreeProblems problems, Warnings warnings) {
        this.files = files;
        this.values = new TreeValues(files, problems);
        this.problems = problems;
        this.warnings = warnings;
    }

    /** Every source definition directory of an s6-rc source directory ({@code s6-rc.d}, {@code user-bundles.d}). */
    List<Definition> sources(Path sourceDir) {
        List<Definition> definitions = new ArrayList<>();
        for (Path dir : files.entries(sourceDir)) {
            if (Files.isDirectory(dir)) {
                Definition d = source(dir);
                if (d != null) {
                    definitions.add(d);
                }
            }
        }
        return definitions;
    }

    private Definition source(Path dir) {
        String name = dir.getFileName().toString();
        Path typeFile = dir.resolve("type");
        Optional<String> type = values.word(typeFile);
        if (type.isEmpty()) {
            if (!Files.exists(typeFile)) {
                problems.add(new ConfigException(Location.of(typeFile.toString()), "type",
                        "missing: an s6-rc service says longrun, oneshot or bundle in its type file"));
            }
            return null;
        }
        Definition d;
        switch (type.get()) {
            case "longrun" -> {
                d = new Definition(name, Kind.LONGRUN, Source.S6RC, dir);
                atomic(d);
                longrun(d);
            }
            case "oneshot" -> {
                d = new Definition(name, Kind.ONESHOT, Source.S6RC, dir);
                atomic(d);
                d.start = script(dir.resolve("up"), "a oneshot needs an up file: the command line it runs");
                d.down = optionalScript(dir.resolve("down"));
                ignored(dir.resolve("reload"), "there is no s6-rc reload; a oneshot runs up and down only");
            }
            case "bundle" -> {
                d = new Definition(name, Kind.BUNDLE, Source.S6RC, dir);
                if (!Files.exists(dir.resolve("contents.d")) && !Files.exists(dir.resolve("contents"))) {
                    problems.add(new ConfigException(Location.of(dir.resolve("contents.d").toString()), "contents.d",
                            "missing: a bundle lists its services in contents.d/ (or a contents file)"));
                }
                d.contents.addAll(values.names(dir, "contents"));
            }
            default -> {
                problems.add(new ConfigException(TreeValues.at(typeFile), "type=" + type.get(),
                        "expected longrun, oneshot or bundle"));
                return null;
            }
        }
        return d;
    }

    /** What oneshots and longruns of s6-rc share: dependencies and transition timeouts. */
    private void atomic(Definition d) {
        d.dependencies.addAll(values.names(d.path, "dependencies"));
        d.timeoutUp = values.number(d.path.resolve("timeout-up"));
        d.timeoutDown = values.number(d.path.resolve("timeout-down"));
    }

    /** A longrun's files, in s6-rc.d or services.d (a servicedir): run, finish, readiness, stopping, pipes. */
    private void longrun(Definition d) {
        Path dir = d.path;
        d.start = script(dir.resolve("run"), "a longrun needs a run script");
        d.finish = optionalScript(dir.resolve("finish"));
        Long fd = values.number(dir.resolve("notification-fd"));
        if (fd != null) {
            d.notificationFdAt = TreeValues.at(dir.resolve("notification-fd"));
            if (fd < 3) {
                warnings.add(d.notificationFdAt, "notification-fd=" + fd, "Capstan takes readiness on fd 3 or more "
                        + "(stdout and stderr go to its logs); " + d.name + " counts as ready once it runs");
            } else {
                d.notificationFd = fd.intValue();
            }
        }
        d.timeoutKill = values.number(dir.resolve("timeout-kill"));
        d.timeoutFinish = values.number(dir.resolve("timeout-finish"));
        d.downSignal = values.signal(dir.resolve("down-signal"));
        d.downSignalAt = TreeValues.at(dir.resolve("down-signal"));
        d.killGroup = Files.exists(dir.resolve("flag-timeout-killpg"));
        for (int i = 0; i < IGNORED_LONGRUN_FILES.size(); i += 2) {
            ignored(dir.resolve(IGNORED_LONGRUN_FILES.get(i)), IGNORED_LONGRUN_FILES.get(i + 1));
        }
        List<Reference> producerFor = values.lines(dir.resolve("producer-for"));
        if (producerFor.size() > 1) {
            problems.add(new ConfigException(producerFor.get(1).where(), "producer-for",
                    "names more than one consumer; a producer's output goes to one consumer"));
        }
        d.producerFor = producerFor.isEmpty() ? null : producerFor.get(0);
        d.consumerFor.addAll(values.lines(dir.resolve("consumer-for")));
        List<Reference> pipeline = values.lines(dir.resolve("pipeline-name"));
        if (pipeline.size() > 1) {
            problems.add(new ConfigException(pipeline.get(1).where(), "pipeline-name", "names more than one pipeline"));
        }
        d.pipelineName = pipeline.isEmpty() ? null : pipeline.get(0);
    }

    /** {@code /etc/services.d/NAME}: a servicedir each, and its {@code log/} as the logger it feeds. */
    List<Definition> services(Path servicesDir) {
        List<Definition> definitions = new ArrayList<>();
        for (Path dir : files.entries(servicesDir)) {
            if (!Files.isDirectory(dir)) {
                continue; // s6-overlay copies directories only
            }
            Definition d = servicedir(dir.getFileName().toString(), Source.SERVICES_D, dir);
            definitions.add(d);
            Path log = dir.resolve("log");
            if (Files.isDirectory(log)) {
                Definition logger = servicedir(d.name + "-log", Source.LOGGER, log);
                d.producerFor = new Reference(logger.name, Location.of(log.toString()));
                logger.consumerFor.add(new Reference(d.name, Location.of(log.toString())));
                definitions.add(logger);
            }
        }
        return definitions;
    }

    private Definition servicedir(String name, Source source, Path dir) {
        Definition d = new Definition(name, Kind.LONGRUN, source, dir);
        longrun(d);
        d.startsDown = Files.exists(dir.resolve("down"));
        if (source == Source.SERVICES_D || source == Source.LOGGER) {
            // What only s6-rc reads: in a servicedir these files mean nothing to s6 either.
            d.producerFor = null;
            d.consumerFor.clear();
            d.pipelineName = null;
        }
        return d;
    }

    /** {@code /etc/cont-init.d} or {@code /etc/cont-finish.d}: each file a script, run in name order. */
    List<Definition> scripts(Path dir, Source source) {
        List<Definition> definitions = new ArrayList<>();
        for (Path file : files.entries(dir)) {
            if (!Files.isRegularFile(file)) {
                warnings.add(Location.of(file.toString()), file.getFileName().toString(),
                        "not a regular file; skipped (s6-overlay would fail to run it)");
                continue;
            }
            String prefix = source == Source.CONT_INIT ? "cont-init-" : "cont-finish-";
            Definition d = new Definition(prefix + file.getFileName(), Kind.ONESHOT, source, file);
            d.start = file;
            definitions.add(d);
        }
        return definitions;
    }

    private Path script(Path file, String whyNeeded) {
        if (!Files.exists(file)) {
            problems.add(new ConfigException(Location.of(file.toString()), file.getFileName().toString(),
                    "missing: " + whyNeeded));
            return null;
        }
        return optionalScript(file);
    }

    private Path optionalScript(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(new ConfigException(Location.of(file.toString()), file.getFileName().toString(),
                    "not a regular file"));
            return null;
        }
        return file;
    }

    private void ignored(Path file, String why) {
        if (Files.exists(file)) {
            warnings.add(Location.of(file.toString()), file.getFileName().toString(),
                    "not implemented by Capstan, ignored (" + why + ")");
        }
    }
}
