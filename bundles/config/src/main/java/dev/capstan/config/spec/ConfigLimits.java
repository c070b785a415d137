package dev.capstan.config.spec;

/**
 * How much one configuration may hold: one {@code -c} file with its includes, one YAML file, one
 * s6-overlay tree, one service bundle's resources. Reading must stay within Capstan's heap, and a
 * reload reads the new configuration while the running set is still there, so these bound what a
 * read can cost, well above any real configuration (docs/configuration.md, "Limits", says how they
 * were chosen). Past one, the read stops ({@link Exceeded}) with the file and line, and nothing
 * changes.
 *
 * <p>One instance counts one read; not thread-safe.
 */
public final class ConfigLimits {

    /** Services in one configuration, numprocs copies counted each. */
    public static final int MAX_SERVICES = 5_000;
    /** Lines of one configuration's text (blank lines and comments too), before it is parsed. */
    public static final int MAX_LINES = 100_000;
    /** Nodes of one YAML text (every scalar, list and mapping), before it is composed. */
    public static final int MAX_YAML_NODES = 150_000;

    private int services;
    private int lines;
    private int yamlNodes;

    /**
     * Counts the lines of an INI text and its service sections ({@code [program:x]},
     * {@code [eventlistener:x]}, {@code [fcgi-program:x]}, one service each until numprocs says
     * more), without parsing it.
     *
     * @param source what locations name
     * @throws Exceeded at the line that goes past a limit
     */
    public void scanIni(String text, String source) {
        int line = 0;
        for (int start = 0; start < text.length(); start = next(text, start)) {
            countLine(++line, source);
            if (text.charAt(start) == '[') {
                String header = text.substring(start + 1, Math.min(next(text, start), start + 100)).strip();
                if (header.startsWith("program:") || header.startsWith("eventlistener:")
                        || header.startsWith("fcgi-program:")) {
                    addServices(1, new Location(source, line), "[" + header);
                }
            }
        }
    }

    /** Counts the lines of a YAML text (its nodes are counted as it is parsed). */
    public void scanLines(String text, String source) {
        int line = 0;
        for (int start = 0; start < text.length(); start = next(text, start)) {
            countLine(++line, source);
        }
    }

    private static int next(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end + 1;
    }

    private void countLine(int line, String source) {
        if (++lines > MAX_LINES) {
            throw new Exceeded(new Location(source, line), null, "more than " + MAX_LINES
                    + " lines in one configuration; Capstan reads no more (docs/configuration.md, Limits)");
        }
    }

    /** Counts one more node of a YAML text, at its line. */
    public void addYamlNode(int line, String source) {
        if (++yamlNodes > MAX_YAML_NODES) {
            throw new Exceeded(new Location(source, line), null, "more than " + MAX_YAML_NODES
                    + " YAML values in one configuration; Capstan reads no more (docs/configuration.md, Limits)");
        }
    }

    /**
     * Counts {@code n} more services: a section's numprocs copies (beyond the one its header
     * counted), a YAML entry, an s6 service directory.
     *
     * @param key what the message names, e.g. {@code numprocs=50000}
     * @throws Exceeded at {@code where} when the configuration would hold more than
     *                  {@link #MAX_SERVICES}
     */
    public void addServices(int n, Location where, String key) {
        if (n > MAX_SERVICES - services) {
            throw new Exceeded(where, key, "more than " + MAX_SERVICES
                    + " services in one configuration; Capstan defines no more (docs/configuration.md, Limits)");
        }
        services += n;
    }

    /**
     * A configuration past a limit: unlike other problems, which a reader collects to report
     * them all at once, this one ends the read, since going on would cost what the limit spares.
     */
    public static final class Exceeded extends ConfigException {
        private static final long serialVersionUID = 1L;

        Exceeded(Location location, String subject, String problem) {
            super(location, subject, problem);
        }
    }
}
