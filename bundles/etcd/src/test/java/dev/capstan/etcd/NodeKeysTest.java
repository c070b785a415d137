package dev.capstan.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ServiceText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key layout of docs/fleet.md, key by key. */
class NodeKeysTest {

    private static KeyValue kv(String key, String value) {
        return new KeyValue(key, value, 1);
    }

    @Test
    void switchesDefinitionsHooksAndTheirData() {
        NodeKeys keys = NodeKeys.of("/nodes/n1/", List.of(
                kv("/nodes/n1/easytier/enable", "true"),
                kv("/nodes/n1/tinc/enable", " False\n"),
                kv("/nodes/n1/easytier/hook", "/usr/local/bin/gen-easytier"),
                kv("/nodes/n1/easytier/network_name", "mesh"),
                kv("/nodes/n1/services/web", "[program:web]\ncommand = sleep 100\n"),
                kv("/nodes/n1/region", "eu"),
                kv("/nodes/n2/easytier/enable", "false")));
        assertEquals(Map.of("easytier", true, "tinc", false), keys.switches(), "etcdctl's \"true\"/\"false\", any case and spaces");
        assertEquals(Map.of("easytier", "/usr/local/bin/gen-easytier"), keys.hooks());
        assertEquals(Map.of("hook", "/usr/local/bin/gen-easytier", "network_name", "mesh"), keys.data("easytier"),
                "a service's keys but its switch: what its hook runs for");
        assertEquals(Map.of(), keys.data("tinc"), "a switch is not data");
        assertEquals(List.of(new ServiceText("web", "etcd /nodes/n1/services/web", "[program:web]\ncommand = sleep 100\n")),
                keys.definitions());
        assertTrue(keys.errors().isEmpty(), "a key of the node itself (region) and another node's keys are left alone");
    }

    @Test
    void aKeyThatBreaksTheLayoutIsAnErrorNamingIt() {
        NodeKeys keys = NodeKeys.of("/nodes/n1/", List.of(
                kv("/nodes/n1/easytier/enable", "yes please"),
                kv("/nodes/n1/services/web/extra", "x"),
                kv("/nodes/n1/services/", "x"),
                kv("/nodes/n1/tinc/enable", "true")));
        assertEquals(List.of(
                "etcd /nodes/n1/easytier/enable: enable=yes please: not \"true\" or \"false\"",
                "etcd /nodes/n1/services/web/extra: not a definition: services/NAME, one name without /, holds a service's definition",
                "etcd /nodes/n1/services/: not a definition: services/NAME, one name without /, holds a service's definition"),
                keys.errors());
        assertEquals(Map.of("tinc", true), keys.switches(), "the good keys are still read, so every error is found at once");
    }
}
