package dev.capstan.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.capstan.ctl.protocol.ControlProtocol;
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
        assertEquals(Path.of("/run/x.sock"), ServerAddress.locate("unix:///run/x.sock", config, null, dir, Map.of()).socket());
        assertEquals(Path.of("/run/x.sock"), ServerAddress.locate("/run/x.sock", null, null, dir, Map.of()).socket());
        Server tcp = ServerAddress.locate("http://localhost:9001", null, null, dir, Map.of());
        assertEquals("localhost", tcp.host());
        assertEquals(9001, tcp.port());
        assertEquals("http://[::1]:80", ServerAddress.locate("http://[::1]/RPC2", null, null, dir, Map.of()).url());
        assertThrows(ServerAddress.UsageError.class, () -> ServerAddress.locate("https://localhost:9001", null, null, dir, Map.of()));
    }

    @Test
    void aConfigFileNamesTheSocketAsSupervisorctlReadsIt() throws Exception {
        Path config = write("supervisord.conf", """
                [unix_http_server]
                file = %(here)s/run/%(ENV_APP)s.sock   ; the socket
                chmod = 0700
                """);
        assertEquals(dir.resolve("run/web.sock"), ServerAddress.locate(null, config, null, dir, Map.of("APP", "web")).socket());
        Path both = write("both.conf", """
                [supervisorctl]
                serverurl=unix:///tmp/ctl.sock
                [unix_http_server]
                file=/tmp/server.sock
                """);
        assertEquals(Path.of("/tmp/ctl.sock"), ServerAddress.locate(null, both, null, dir, Map.of()).socket());
        Path relative = write("relative.conf", "[unix_http_server]\nfile=s.sock\n");
        assertEquals(dir.resolve("s.sock"), ServerAddress.locate(null, relative, null, dir, Map.of()).socket(), "relative to the file");
        Path http = write("http.conf", """
                [supervisorctl]
                serverurl=http://127.0.0.1:9001
                username = admin
                password = %(ENV_PW)s
                [unix_http_server]
                file=s.sock
                """);
        Server tcp = ServerAddress.locate(null, http, null, dir, Map.of("PW", "secret"));
        assertEquals(new Server(null, "127.0.0.1", 9001, "admin", "secret"), tcp, "serverurl wins, as in supervisorctl");
        assertEquals(new Server(Path.of("/x.sock"), null, 0, "admin", "secret"),
                ServerAddress.locate("unix:///x.sock", http, null, dir, Map.of("PW", "secret")), "-s wins, the credentials stay");
    }

    @Test
    void aConfigFileWithoutSocketMeansTheDefault() throws Exception {
        Path config = write("plain.conf", "[program:web]\ncommand=/bin/true\n");
        assertEquals(ControlProtocol.defaultSocket(), ServerAddress.locate(null, config, null, dir, Map.of()).socket());
        Path programs = write("programs.conf", "[program:w]\nprocess_name=%(program_name)s_%(process_num)02d\nnumprocs=2\n");
        assertEquals(ControlProtocol.defaultSocket(), ServerAddress.locate(null, programs, null, dir, Map.of()).socket(),
                "expansions the client does not read are not its business");
    }

    @Test
    void badFilesAreUsageErrors() throws Exception {
        assertThrows(ServerAddress.UsageError.class, () -> ServerAddress.locate(null, dir.resolve("nosuch.conf"), null, dir, Map.of()).socket());
        Path config = write("bad.conf", "[unix_http_server]\nfile=%(ENV_NOPE)s.sock\n");
        assertThrows(ServerAddress.UsageError.class, () -> ServerAddress.locate(null, config, null, dir, Map.of()).socket());
    }

    @Test
    void withoutOptionsTheFirstDefaultFileWhoseSocketExistsWins() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/capstan.conf"), "[unix_http_server]\nfile=" + dir.resolve("demo.sock") + "\n");
        Path live = dir.resolve("live.sock");
        Files.writeString(dir.resolve("supervisord.conf"), "[unix_http_server]\nfile=" + live + "\n");
        if (!Files.exists(ControlProtocol.defaultSocket())) {
            assertEquals(dir.resolve("demo.sock"), ServerAddress.locate(null, null, home.toString(), dir, Map.of()).socket(),
                    "no socket anywhere: the first file's, for the error message");
        }
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(live));
            assertEquals(live, ServerAddress.locate(null, null, home.toString(), dir, Map.of()).socket());
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
