package dev.capstan.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerAddressTest {
    @TempDir
    Path dir;

    @Test
    void serverUrlWins() throws Exception {
        Path config = write("a.conf", "[unix_http_server]\nfile=/elsewhere.sock\n");
        assertEquals(Path.of("/run/x.sock"), ServerAddress.locate("unix:///run/x.sock", config, null, dir, Map.of()));
        assertEquals(Path.of("/run/x.sock"), ServerAddress.locate("/run/x.sock", null, null, dir, Map.of()));
        assertThrows(ServerAddress.UsageError.class,
                () -> ServerAddress.locate("http://localhost:9001", null, null, dir, Map.of()));
    }

    @Test
    void aConfigFileNamesTheSocketAsSupervisorctlReadsIt() throws Exception {
        Path config = write("supervisord.conf", """
                [unix_http_server]
                file = %(here)s/run/%(ENV_APP)s.sock   ; the socket
                chmod = 0700
                """);
        assertEquals(dir.resolve("run/web.sock"), ServerAddress.locate(null, config, null, dir, Map.of("APP", "web")));
        Path both = write("both.conf", """
                [supervisorctl]
                serverurl=unix:///tmp/ctl.sock
                [unix_http_server]
                file=/tmp/server.sock
                """);
        assertEquals(Path.of("/tmp/ctl.sock"), ServerAddress.locate(null, both, null, dir, Map.of()));
        Path http = write("http.conf", "[supervisorctl]\nserverurl=http://localhost:9001\n[unix_http_server]\nfile=s.sock\n");
        assertEquals(dir.resolve("s.sock"), ServerAddress.locate(null, http, null, dir, Map.of()), "relative to the file");
    }

    @Test
    void aConfigFileWithoutSocketMeansTheDefault() throws Exception {
        Path config = write("plain.conf", "[program:web]\ncommand=/bin/true\n");
        assertEquals(ServerAddress.defaultPath(), ServerAddress.locate(null, config, null, dir, Map.of()));
        Path programs = write("programs.conf", "[program:w]\nprocess_name=%(program_name)s_%(process_num)02d\nnumprocs=2\n");
        assertEquals(ServerAddress.defaultPath(), ServerAddress.locate(null, programs, null, dir, Map.of()),
                "expansions the client does not read are not its business");
    }

    @Test
    void badFilesAreUsageErrors() throws Exception {
        assertThrows(ServerAddress.UsageError.class, () -> ServerAddress.locate(null, dir.resolve("nosuch.conf"), null, dir, Map.of()));
        Path config = write("bad.conf", "[unix_http_server]\nfile=%(ENV_NOPE)s.sock\n");
        assertThrows(ServerAddress.UsageError.class, () -> ServerAddress.locate(null, config, null, dir, Map.of()));
    }

    @Test
    void withoutOptionsTheFirstDefaultFileWhoseSocketExistsWins() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/capstan.conf"), "[unix_http_server]\nfile=" + dir.resolve("demo.sock") + "\n");
        Path live = dir.resolve("live.sock");
        Files.writeString(dir.resolve("supervisord.conf"), "[unix_http_server]\nfile=" + live + "\n");
        if (!Files.exists(ServerAddress.defaultPath())) {
            assertEquals(dir.resolve("demo.sock"), ServerAddress.locate(null, null, home.toString(), dir, Map.of()),
                    "no socket anywhere: the first file's, for the error message");
        }
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(live));
            assertEquals(live, ServerAddress.locate(null, null, home.toString(), dir, Map.of()));
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
