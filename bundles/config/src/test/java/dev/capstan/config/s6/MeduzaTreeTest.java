package dev.capstan.config.s6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Dependency;
import dev.capstan.api.Probe;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceType;
import dev.capstan.config.ConfigFileReader;
import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** examples/meduza/s6-overlay, the seed's tree as s6-overlay would have it, reads as the bundle form runs. */
class MeduzaTreeTest {

    private static final Path TREE = Path.of("../../examples/meduza/s6-overlay");

    @Test
    void theDefaultBundleStartsAndTheOnDemandServicesWait() {
        ParsedConfigFile config = new ConfigFileReader(Fixtures.host()).read(TREE);
        Map<String, ServiceSpec> specs = config.services().stream().map(ParsedService::spec)
                .collect(Collectors.toMap(ServiceSpec::name, s -> s));
        for (String atBoot : List.of("dbus-setup", "dbus", "avahi", "watchfrr", "watcher", "mihomo", "dns-monitor")) {
            assertTrue(specs.get(atBoot).autostart(), atBoot);
        }
        for (String onDemand : List.of("easytier", "tinc", "mosdns", "dnsmasq")) {
            assertFalse(specs.get(onDemand).autostart(), onDemand);
        }
        assertEquals(ServiceType.ONESHOT, specs.get("dbus-setup").type());
        assertEquals(new Probe.Notify(3), specs.get("dbus").ready());
        assertEquals(List.of(Dependency.parse("dbus-setup:done")), specs.get("dbus").dependsOn());
        assertEquals(List.of(Dependency.parse("dbus:ready")), specs.get("avahi").dependsOn());
        assertEquals(List.of(Dependency.parse("avahi:ready"), Dependency.parse("dns-monitor:ready")),
                specs.get("watcher").dependsOn());
        List<String> order = config.services().stream().map(s -> s.spec().name()).toList();
        assertTrue(order.indexOf("dbus-setup") < order.indexOf("dbus") && order.indexOf("dbus") < order.indexOf("avahi")
                && order.indexOf("avahi") < order.indexOf("watcher"), order.toString());
        assertEquals(List.of(), config.warnings().messages());
    }
}
