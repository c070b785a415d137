package dev.capstan.api;

import java.util.Objects;

/**
 * One service's definition as text, from a source that holds definitions one by one (an etcd
 * key): INI {@code [program:NAME]} sections, as a service bundle's {@code .conf} has them, or
 * YAML with {@code services:}, as its {@code .yaml} has them.
 *
 * @param name  the program it must define: every service the text defines is named so or is in
 *              the group so named
 * @param where what errors and {@code status} name instead of a file, e.g. {@code etcd /nodes/n1/services/web}
 * @param text  the definition
 */
public record ServiceText(String name, String where, String text) {

    public ServiceText {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(text, "text");
    }
}
