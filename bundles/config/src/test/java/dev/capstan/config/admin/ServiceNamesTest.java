package dev.capstan.config.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ServiceNamesTest {

    private final ServiceNames names = new ServiceNames();

    @Test
    void findsTheConfigurationOfAName() {
        assertNull(names.put("pid.1", "web"));
        assertNull(names.put("pid.2", "db"));
        assertEquals("pid.1", names.pidOf("web"));
        assertEquals("pid.2", names.pidOf("db"));
        assertNull(names.pidOf("cache"));
    }

    @Test
    void aRenamedConfigurationFreesItsOldName() {
        names.put("pid.1", "web");
        assertEquals("web", names.put("pid.1", "www"));
        assertNull(names.pidOf("web"));
        assertEquals("pid.1", names.pidOf("www"));
        names.put("pid.2", "web");
        assertEquals("pid.2", names.pidOf("web"));
    }

    @Test
    void aDeletedConfigurationFreesItsName() {
        names.put("pid.1", "web");
        assertEquals("web", names.remove("pid.1"));
        assertNull(names.pidOf("web"));
        assertNull(names.remove("pid.1"));
    }
}
