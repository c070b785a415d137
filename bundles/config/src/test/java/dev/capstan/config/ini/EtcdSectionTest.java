package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfigFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [etcd]} read like every section: checked with file and line, published typed as {@code dev.capstan.etcd}. */
class EtcdSectionTest {

    @TempDir
    Path dir;

    private ParsedConfigFile read(String etcd) {
        Map<String, String> env = new HashMap<>(Fixtures.ENVIRONMENT);
        env.put("NODE_ID", "n1");
        Path file = Fixtures.write(dir, "capstan.conf", "[program:web]\ncommand = /bin/web\n\n[etcd]\n" + etcd);
        return new IniReader(new Host(env, "testhost", Fixtures.users())).read(file);
    }

    private String error(String etcd) {
        return assertThrows(ConfigException.class, () -> read(etcd)).getMessage().replace(dir + "/", "");
    }

    @Test
    void theSeedsKeysWithTheNodeFromTheEnvironment() {
        Map<String, Object> etcd = read("endpoints = http://10.0.0.1:2379, http://10.0.0.2:2379\n"
                + "node = %(ENV_NODE_ID)s\nprefix = /nodes/%(node)s/\ncommit_key = /commit\n").etcd();
        assertArrayEquals(new String[] {"http://10.0.0.1:2379", "http://10.0.0.2:2379"}, (String[]) etcd.get("endpoints"));
        assertEquals("n1", etcd.get("node"));
        assertEquals("/nodes/n1/", etcd.get("prefix"));
        assertEquals("/commit", etcd.get("commit_key"));
        assertEquals(4, etcd.size(), "what is not set is not published: " + etcd.keySet());
    }

    @Test
    void defaultsAndNormalForms() {
        Map<String, Object> etcd = read("endpoints = 10.0.0.1:2379 https://etcd.example HTTP://[::1]:2380\nnode = n7\n"
                + "hook_timeout = 2m\nusername = root\npassword = secret\n").etcd();
        assertArrayEquals(new String[] {"http://10.0.0.1:2379", "https://etcd.example:2379", "http://[::1]:2380"},
                (String[]) etcd.get("endpoints"), "http:// when none is written, etcd's port 2379 when none is");
        assertEquals("/nodes/n7/", etcd.get("prefix"), "the prefix of the seed's layout by default");
        assertEquals(120_000L, etcd.get("hook_timeout_ms"));
        assertEquals("root", etcd.get("username"));
        assertEquals("/nodes/n7/", read("endpoints = e:1\nprefix = /nodes/n7\n").etcd().get("prefix"), "a prefix ends in /");
        assertNull(read("endpoints = e:1\nnode = n1\n").etcd().get("commit_key"), "no commit key: each change applies as it comes");
    }

    @Test
    void tlsFilesMustBeThere() {
        Path ca = Fixtures.write(dir, "ca.pem", "-----BEGIN CERTIFICATE-----\n");
        Map<String, Object> etcd = read("endpoints = https://e:2379\nnode = n1\nca_file = " + ca + "\n").etcd();
        assertEquals(ca.toString(), etcd.get("ca_file"));
        assertEquals("capstan.conf:7: ca_file=nope.pem: no such readable file",
                error("endpoints = https://e:2379\nnode = n1\nca_file = " + dir + "/nope.pem\n"));
        assertEquals("capstan.conf:7: cert_file=ca.pem: set without key_file: a client certificate needs its key",
                error("endpoints = https://e:2379\nnode = n1\ncert_file = " + ca + "\n"));
        assertTrue(error("endpoints = https://e:2379\nnode = n1\nca_file = ca.pem\n").contains("not an absolute path"));
    }

    @Test
    void everyProblemOfTheSectionAtOnce() {
        assertEquals("capstan.conf:5: endpoints=ftp://e: not http:// or https://\n"
                + "capstan.conf:7: hook_timeout=soon: not a number",
                error("endpoints = ftp://e\nnode = n1\nhook_timeout = soon\n").replaceAll("not a number.*", "not a number"));
    }

    @Test
    void eachProblemNamesFileLineAndKey() {
        assertEquals("capstan.conf:4: endpoints: missing: [etcd] needs endpoints = http://HOST:2379, ...", error("node = n1\n"));
        assertEquals("capstan.conf:5: endpoints=ftp://e:21: not http:// or https://", error("endpoints = ftp://e:21\nnode = n1\n"));
        assertEquals("capstan.conf:5: endpoints=http://e:2379/v3: expected http://HOST:PORT (etcd's gateway is at the root)",
                error("endpoints = http://e:2379/v3\nnode = n1\n"));
        assertEquals("capstan.conf:4: prefix: missing: set node = (the prefix is then /nodes/NODE/) or prefix =",
                error("endpoints = e:2379\n"));
        assertEquals("capstan.conf:6: prefix=/nodes/%(node)s/: %(node)s: unknown expansion (available: here, host_node_name"
                + " and ENV_<variable>)", error("endpoints = e:2379\nprefix = /nodes/%(node)s/\n"), "%(node)s needs node =");
        assertEquals("capstan.conf:6: node=a/b: a node id is one part of a key: not empty, no / and no whitespace",
                error("endpoints = e:2379\nnode = a/b\n"));
        assertEquals("capstan.conf:7: password: set without username", error("endpoints = e:2379\nnode = n1\npassword = x\n"),
                "the password is not in the message");
        assertTrue(error("endpoints = e:2379\nnode = n1\ncomit_key = /commit\n").startsWith(
                "capstan.conf:7: comit_key: unknown key, did you mean commit_key?"));
        assertEquals("capstan.conf:7: hook_timeout=soon: not a number", error("endpoints = e:2379\nnode = n1\nhook_timeout = soon\n")
                .replaceAll("not a number.*", "not a number"));
    }
}
