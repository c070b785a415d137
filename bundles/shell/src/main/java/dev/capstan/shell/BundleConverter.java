package dev.capstan.shell;

import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Turns a bundle id or symbolic name into a Bundle, so Felix's commands that take bundles
 * ({@code headers 5}, {@code felix:stop 7}, {@code inspect cap osgi.wiring.package 0}) work. The
 * converter that usually does this ships with gogo.jline and gogo.shell, which Capstan leaves out
 * (they stop the framework on EOF and run stty; docs/decisions.md, "No JDK processes").
 */
@Component(property = Converter.CONVERTER_CLASSES + "=org.osgi.framework.Bundle", configurationPolicy = ConfigurationPolicy.IGNORE)
public final class BundleConverter implements Converter {
    private final BundleContext context;

    @Activate
    public BundleConverter(BundleContext context) {
        this.context = context;
    }

    /** @return the bundle, or null (Gogo then tries the command's other signatures) */
    @Override
    public Object convert(Class<?> desiredType, Object in) {
        if (desiredType != Bundle.class || in == null) {
            return null;
        }
        String text = in.toString();
        try {
            return context.getBundle(Long.parseLong(text));
        } catch (NumberFormatException notAnId) {
            for (Bundle b : context.getBundles()) {
                if (text.equals(b.getSymbolicName())) {
                    return b;
                }
            }
            return null;
        }
    }

    /** Bundles print as Gogo prints any object. */
    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        return null;
    }
}
