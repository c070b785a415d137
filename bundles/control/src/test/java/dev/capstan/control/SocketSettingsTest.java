package dev.capstan.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SocketSettingsTest {

    @Test
    void theCommandLineBeatsTheFileWhichBeatsTheDefault() throws Exception {
        Map<String, Object> config = Map.of("file", "/var/run/supervisor.sock");
        assertEquals(Path.of("/tmp/cli.sock"), SocketSettings.of(config, "/tmp/cli.sock").path());
        assertEquals(Path.of("/var/run/supervisor.sock"), SocketSettings.of(config, null).path());
        assertEquals(SocketSettings.defaultPath(), SocketSettings.of(Map.of(), null).path());
    }

    @Test
    void modeAndOwnerAsSupervisordWritesThem() throws Exception {
        SocketSettings plain = SocketSettings.of(Map.of(), null);
        assertEquals("rw-------", PosixFilePermissions.toString(plain.mode()));
        assertNull(plain.owner());
        SocketSettings s = SocketSettings.of(Map.of("chmod", "0770", "chown", "www-data:adm"), null);
        assertEquals("rwxrwx---", PosixFilePermissions.toString(s.mode()));
        assertEquals("www-data", s.owner());
        assertEquals("adm", s.group());
        assertNull(SocketSettings.of(Map.of("chown", "www-data"), null).group());
        assertEquals("rwxr-x--x", PosixFilePermissions.toString(SocketSettings.permissions(SocketSettings.parseMode("751"))));
        assertThrows(IllegalArgumentException.class, () -> SocketSettings.parseMode("0789"));
        assertThrows(IllegalArgumentException.class, () -> SocketSettings.parseMode("01777"));
    }

    @Test
    void rootTheUserCapstanRunsAsAndTheOwnerMayConnect() throws Exception {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        PeerPolicy policy = PeerPolicy.of(users, users.lookupPrincipalByName("1000"), users.lookupPrincipalByName("1000"));
        assertTrue(policy.allows(users.lookupPrincipalByName("root")));
        assertTrue(policy.allows(users.lookupPrincipalByName("0")));
        assertTrue(policy.allows(users.lookupPrincipalByName("1000")));
        assertFalse(policy.allows(users.lookupPrincipalByName("65534")));
        assertFalse(policy.allows(users.lookupPrincipalByName("1001")));
    }
}
