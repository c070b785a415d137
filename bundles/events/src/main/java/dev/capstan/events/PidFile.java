package dev.capstan.events;

import dev.capstan.api.ConfigurationPids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [supervisord] pidfile}: Capstan's pid and a newline, written when the configuration
 * names the file (at boot, or when a reload names another) and removed when Capstan stops, as
 * supervisord writes and removes it. Event listeners read it to signal the supervisor
 * ({@code kill -TERM $(cat /run/supervisord.pid)}). A file that cannot be written is logged and
 * Capstan goes on, as supervisord does. Unlike supervisord, which writes {@code supervisord.pid}
 * in its working directory when the key is absent, Capstan writes none unless asked.
 */
@Component(service = {}, immediate = true, configurationPid = ConfigurationPids.SUPERVISOR,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class PidFile {
    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);
    static final String PIDFILE = "pidfile";

    private Path written;

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        Object value = properties.get(PIDFILE);
        Path wanted = value == null || value.toString().isBlank() ? null : Path.of(value.toString().trim());
        if (wanted != null && wanted.equals(written)) {
            return;
        }
        remove();
        if (wanted != null) {
            write(wanted);
        }
    }

    @Deactivate
    void remove() {
        if (written == null) {
            return;
        }
        try {
            Files.deleteIfExists(written);
        } catch (IOException e) {
            LOG.warn("could not remove pidfile {}: {}", written, e.toString());
        }
        written = null;
    }

    private void write(Path file) {
        long pid = ProcessHandle.current().pid();
        try {
            Files.writeString(file, pid + "\n", StandardCharsets.US_ASCII);
            written = file;
            LOG.info("wrote pid {} to {}", pid, file);
        } catch (IOException e) {
            LOG.error("could not write pidfile {}: {}", file, e.toString());
        }
    }
}
