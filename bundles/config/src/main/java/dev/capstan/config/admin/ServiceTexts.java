package dev.capstan.config.admin;

import dev.capstan.api.ServiceText;
import dev.capstan.config.ini.IniReader;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.Warnings;
import dev.capstan.config.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Definitions given one by one as text ({@link ServiceText}), read by the readers a service
 * bundle's resources go through: INI when the first line that is not blank or a comment opens a
 * section, else YAML with {@code services:}. Each must define its own name's services and no
 * other's, so that deleting it deletes exactly those.
 */
final class ServiceTexts {

    /** One definition read: its services and what was accepted with a warning. */
    record Read(ServiceText text, List<ParsedService> services, Warnings warnings) {
    }

    private ServiceTexts() {
    }

    /**
     * @param errors gets every problem, each naming its definition's {@code where}
     * @return the definitions that read
     */
    static List<Read> read(List<ServiceText> texts, Host host, List<String> errors) {
        List<Read> read = new ArrayList<>();
        for (ServiceText t : texts) {
            Warnings warnings = new Warnings();
            try {
                List<ParsedService> services = isIni(t.text())
                        ? new IniReader(host).readServices(t.text(), t.where(), warnings)
                        : new YamlReader(host).readServices(t.text(), t.where(), warnings);
                for (ParsedService s : services) {
                    if (!s.spec().name().equals(t.name()) && !s.spec().group().equals(t.name())) {
                        throw new ConfigException(s.values().origin(), s.spec().fullName(),
                                "this definition is " + t.name() + "'s: it may define only " + t.name()
                                        + " (or the processes of its group)");
                    }
                }
                read.add(new Read(t, services, warnings));
            } catch (ConfigException e) {
                errors.add(e.getMessage());
            }
        }
        return read;
    }

    private static boolean isIni(String text) {
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith(";")) {
                return t.startsWith("[");
            }
        }
        return false;
    }
}
