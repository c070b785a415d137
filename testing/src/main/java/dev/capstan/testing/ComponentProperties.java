package dev.capstan.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.apache.felix.scr.impl.inject.internal.Annotations;

/**
 * A component property type (the annotation a DS component takes its configuration through) as
 * SCR hands it to a component built by a test: the annotation's defaults, which bnd writes into
 * the component description, overridden by the configuration's properties, and converted by
 * Felix SCR's own code. So a value that does not convert throws when its method is called, as in
 * the framework.
 */
public final class ComponentProperties {

    private ComponentProperties() {
    }

    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> configuration) {
        Map<String, Object> properties = new HashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.getDefaultValue() != null) {
                properties.put(key(m.getName()), m.getDefaultValue());
            }
        }
        properties.putAll(configuration);
        return Annotations.toObject(type, properties, null, true);
    }

    /**
     * The property a method reads, by the rules of Declarative Services (OSGi Compendium
     * 112.8.2.1): {@code $$} is {@code $}, {@code $_$} is {@code -}, another {@code $} is dropped,
     * {@code __} is {@code _} and {@code _} is {@code .}.
     */
    static String key(String method) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (method.startsWith("$$", i)) {
                key.append('$');
                i++;
            } else if (method.startsWith("$_$", i)) {
                key.append('-');
                i += 2;
            } else if (c == '$') {
                continue;
            } else if (method.startsWith("__", i)) {
                key.append('_');
                i++;
            } else if (c == '_') {
                key.append('.');
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }
}
