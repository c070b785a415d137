package dev.capstan.config.ini;

import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.Host;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps the example configuration honest: real supervisord reads the same files and must make
 * the same processes of them as Capstan does, field by field (see {@link Agreement}).
 */
class SupervisordAgreesTest {

    @Test
    void webappExample() throws Exception {
        Path conf = Fixtures.resource("ini/webapp/supervisord.conf");
        Map<String, Object> theirs = Supervisord.read(List.of(conf), Fixtures.ENVIRONMENT,
                Fixtures.resource("etc/passwd"), Fixtures.resource("etc/group")).get(0);
        Host host = new Host(Fixtures.ENVIRONMENT, Host.current().nodeName(), Fixtures.users());
        Agreement.assertAgrees(theirs, new IniReader(host).read(conf), conf.toString());
    }
}
