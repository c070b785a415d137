package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Probe;
import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.ParsedConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every way a supervisord.conf can be wrong, and the message that says where. */
class IniErrorsTest {

    @TempDir
    Path dir;

    private String error(String text) {
        Path file = Fixtures.write(dir, "capstan.conf", text);
        ConfigException e = assertThrows(ConfigException.class, () -> new IniReader(Fixtures.host()).read(file));
        String prefix = file + ":";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }

    private ParsedConfigFile read(String text) {
        return new IniReader(Fixtures.host()).read(Fixtures.write(dir, "capstan.conf", text));
    }

    /** What supervisord refuses stays an error: each of these is refused by real supervisord too. */
    @Test
    void whatSupervisordRefusesCapstanRefuses() throws Exception {
        List<String> texts = List.of(
                "[supervisord]\n[include]\n;files=conf.d/*.conf\n",
                "[supervisord]\n[program:web]\ncommand=/bin/web\nautostart=maybe\n",
                "[supervisord]\n[program:web]\ncommand=/bin/web\nstartsecs=soon\n",
                "[supervisord]\n[program:web]\ncommand=/bin/%(ENV_NOPE)s\n",
                "[supervisord]\n[program:web]\ncommand=/bin/web 50%\n",
                "[supervisord]\n[program:my web]\ncommand=/bin/web\n",
                "[supervisord]\n[program:w]\ncommand=/bin/w\nnumprocs=2\n",
                "[supervisord]\n[eventlistener:l]\ncommand=/bin/l\n",
                "[supervisord]\n[eventlistener:l]\ncommand=/bin/l\nevents=TICK_6\n",
                "[supervisord]\n[eventlistener:l]\ncommand=/bin/l\nevents=TICK_5\nredirect_stderr=true\n",
                "[supervisord]\n[program:web]\ncommand=/bin/web\nstopasgroup=true\nkillasgroup=false\n",
                "[supervisord]\n[group:g]\nprograms=nope\n",
                "[supervisord]\n[program:web]\ncommand=/bin/web\nuser=ghost\n",
                "[supervisord]\n[program:web]\ncommand=/bin/web\njust words\n",
                "command=/bin/web\n[supervisord]\n",
                "[supervisord]\n[program:web]\ncommand=/bin/web\nexitcodes=0,300\n",
                "[supervisord]\n[program:web]\ncommand=/bin/web\nstopsignal=SIGFOO\n",
                "[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\n",
                "[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\nsocket=unix://relative.sock\n",
                "[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\nsocket=tcp://localhost:8000\nsocket_mode=0700\n",
                "[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\nsocket=tcp://localhost:99999\n",
                "[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\nsocket=udp://localhost:53\n",
                "[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\nsocket=tcp://localhost:8000\nsocket_backlog=0\n",
                "[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\nsocket=unix:///tmp/%(process_num)s.sock\n",
                "[supervisord]\n[fcgi-program:f]\ncommand=/bin/f\nsocket=unix:///tmp/f.sock\nsocket_owner=ghost-user\n");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            files.add(Fixtures.write(dir, "refused-" + i + ".conf", texts.get(i)));
        }
        List<Map<String, Object>> theirs = Supervisord.read(files, Fixtures.ENVIRONMENT,
                Fixtures.resource("etc/passwd"), Fixtures.resource("etc/group"));
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            assertTrue(theirs.get(i).containsKey("error"), "supervisord accepts " + texts.get(i));
            assertThrows(ConfigException.class, () -> new IniReader(Fixtures.host()).read(file),
                    "supervisord refuses it (" + theirs.get(i).get("error") + "), Capstan accepts it");
        }
    }

    @Test
    void badValuesOfCapstansOwnKeys() {
        assertEquals("2: shutdown_timeout=soon: not a number", error("[capstan]\nshutdown_timeout=soon\n"));
        assertEquals("2: log_format=xml: expected text, json", error("[capstan]\nlog_format=xml\n"));
    }

    @Test
    void httpServerSectionsAreCheckedAndNormalized() {
        assertEquals(java.util.Map.of("port", ":9001", "username", "admin", "password", "{SHA}abc"),
                read("[inet_http_server]\nport = *:9001\nusername = admin\npassword = {SHA}abc\n[program:a]\ncommand=x\n").inet());
        assertEquals(":9001", read("[inet_http_server]\nport=9001\n[program:a]\ncommand=x\n").inet().get("port"));
        assertEquals("127.0.0.1:9001", read("[inet_http_server]\nport=127.0.0.1:9001\n[program:a]\ncommand=x\n").inet().get("port"));
        assertEquals(null, read("[program:a]\ncommand=x\n").inet(), "no section, no TCP listener");
        assertEquals("1: port: missing: [inet_http_server] needs port = HOST:PORT", error("[inet_http_server]\nusername=a\n"));
        assertEquals("2: port=localhost:http: not a port number: http", error("[inet_http_server]\nport=localhost:http\n"));
        assertEquals("2: port=:99999: not a port number: 99999", error("[inet_http_server]\nport=:99999\n"));
        assertEquals("3: password: set without username", error("[unix_http_server]\nfile=/tmp/s.sock\npassword=x\n"));
        assertEquals(List.of(dir.resolve("capstan.conf") + ":2: usernme: unknown key, did you mean username?; ignored, as supervisord ignores it"),
                read("[inet_http_server]\nusernme=a\nport=1\n[program:a]\ncommand=x\n").warnings().messages());
        assertEquals(java.util.Map.of("file", "/tmp/s.sock", "username", "ops", "password", "pw"),
                read("[unix_http_server]\nfile=/tmp/s.sock\nusername=ops\npassword=pw\n[program:a]\ncommand=x\n").control());
    }

    @Test
    void everyErrorOfTheFileAtOnceInFileOrder() {
        String file = dir.resolve("capstan.conf").toString();
        assertEquals(String.join("\n",
                "3: just words: expected key = value",
                file + ":6: startsecs=soon: not a number",
                file + ":7: autostart=maybe: not a boolean (true/false, yes/no, on/off, 1/0)",
                file + ":8: [eventlistener:l]: events: missing, an event listener needs events =",
                file + ":12: environment=nonsense: expected KEY=value at 'nonsense'"),
                error("[program:a]\ncommand=/bin/a\njust words\n"
                        + "[program:b]\ncommand=/bin/b\nstartsecs=soon\nautostart=maybe\n"
                        + "[eventlistener:l]\ncommand=/bin/l\n"
                        + "[supervisord]\nnodaemon=true\nenvironment=nonsense\n"));
    }

    @Test
    void badValuesSayWhatIsExpected() {
        assertEquals("3: startsecs=abc: not a number", error("[program:web]\ncommand=/bin/web\nstartsecs=abc\n"));
        assertEquals("3: autostart=maybe: not a boolean (true/false, yes/no, on/off, 1/0)",
                error("[program:web]\ncommand=/bin/web\nautostart=maybe\n"));
        assertEquals("3: stopsignal=SIGFOO: not a signal name or number",
                error("[program:web]\ncommand=/bin/web\nstopsignal=SIGFOO\n"));
        assertEquals("3: stdout_logfile_maxbytes=lots: not a byte size (e.g. 1024, 50KB, 50MB, 1GB)",
                error("[program:web]\ncommand=/bin/web\nstdout_logfile_maxbytes=lots\n"));
        assertEquals("3: exitcodes=0,300: 300: an exit code is from 0 to 255",
                error("[program:web]\ncommand=/bin/web\nexitcodes=0,300\n"));
        assertEquals("3: autorestart=sometimes: expected true, false or unexpected",
                error("[program:web]\ncommand=/bin/web\nautorestart=sometimes\n"));
        assertEquals("3: restart=often: expected always, on-failure, unexpected, no",
                error("[program:web]\ncommand=/bin/web\nrestart=often\n"));
        assertEquals("3: ready=tcp:http: port is not a number",
                error("[program:web]\ncommand=/bin/web\nready=tcp:http\n"));
        assertEquals("2: command=sh -c 'unclosed: No closing quotation",
                error("[program:web]\ncommand=sh -c 'unclosed\n"));
        assertEquals("1: command: missing: every service needs a command", error("[program:web]\nautostart=false\n"));
        assertEquals("4: killasgroup=false: cannot be false when stopasgroup is true (stopasgroup implies killasgroup)",
                error("[program:web]\ncommand=/bin/web\nstopasgroup=true\nkillasgroup=false\n"));
        assertEquals("3: restart=always: conflicts with autorestart; set one of them",
                error("[program:web]\ncommand=/bin/web\nrestart=always\nautorestart=true\n"));
    }

    @Test
    void anExecCheckIsSplitIntoWordsWhenTheFileIsRead() {
        assertEquals("3: ready=exec:test -f '/tmp/x: No closing quotation",
                error("[program:web]\ncommand=/bin/web\nready=exec:test -f '/tmp/x\n"));
        assertEquals("3: healthcheck=exec:check \\: No escaped character",
                error("[program:web]\ncommand=/bin/web\nhealthcheck=exec:check \\\n"));
        Probe ready = read("[program:web]\ncommand=/bin/web\nready=exec:test -f '/tmp/my file'\n")
                .services().get(0).spec().ready();
        assertEquals(new Probe.Exec("test -f '/tmp/my file'", List.of("test", "-f", "/tmp/my file")), ready);
    }

    @Test
    void checksThatCannotWorkAreWarnedAboutAtTheirLine() {
        ParsedConfigFile c = read("[program:web]\ncommand=/bin/web\nhealthcheck=notify:3\n\n"
                + "[program:init]\ncommand=/bin/init\ntype=oneshot\nready=tcp:80\n");
        String file = dir.resolve("capstan.conf").toString();
        assertEquals(List.of(
                file + ":3: healthcheck=notify:3: not a check Capstan can repeat (tcp, http or exec); it is ignored",
                file + ":8: ready=tcp:80: ignored for a oneshot: it is ready when it has exited"),
                c.warnings().messages());
    }

    @Test
    void inlineCommentCutsACommandAsSupervisordDoes() {
        assertEquals("2: command=sh -c 'a: No closing quotation", error("[program:web]\ncommand=sh -c 'a ; b'\n"));
    }

    @Test
    void unknownExpansionIsAnError() {
        assertEquals("2: command=/bin/%(ENV_APP_HOEM)s: %(ENV_APP_HOEM)s: unknown expansion, did you mean %(ENV_APP_HOME)s?",
                error("[program:web]\ncommand=/bin/%(ENV_APP_HOEM)s\n"));
        assertEquals("2: command=/bin/web 50%: lone '%' at column 12 (write %% for a percent sign)",
                error("[program:web]\ncommand=/bin/web 50%\n"));
        assertEquals("2: command=run %(ENV_HOME)d: %(ENV_HOME)d: %d needs a number, and ENV_HOME is text (use %(ENV_HOME)s)",
                error("[program:web]\ncommand=run %(ENV_HOME)d\n"));
    }

    @Test
    void dependencyProblemsNameTheServices() {
        assertEquals("3: depends_on=db: no service or group named db",
                error("[program:web]\ncommand=/bin/web\ndepends_on=db\n"));
        assertEquals("3: depends_on=cahce: no service or group named cahce, did you mean cache?",
                error("[program:web]\ncommand=/bin/web\ndepends_on=cahce\n[program:cache]\ncommand=/bin/cache\n"));
        assertEquals("3: depends_on: dependency cycle: a -> b -> c -> a",
                error("[program:a]\ncommand=/bin/a\ndepends_on=b\n"
                        + "[program:b]\ncommand=/bin/b\ndepends_on=c:ready\n"
                        + "[program:c]\ncommand=/bin/c\ndepends_on=a\n"));
        assertEquals("3: depends_on: dependency cycle: a -> a", error("[program:a]\ncommand=/bin/a\ndepends_on=a\n"));
    }

    @Test
    void unknownUserIsAConfigurationError() {
        assertEquals("3: user=nobody-here: no such user in " + Fixtures.resource("etc/passwd"),
                error("[program:web]\ncommand=/bin/web\nuser=nobody-here\n"));
    }

    @Test
    void malformedFiles() {
        assertEquals("1: 'command=/bin/web' comes before any [section] header", error("command=/bin/web\n"));
        assertEquals("2: just words: expected key = value", error("[program:web]\njust words\ncommand=/bin/web\n"));
        assertEquals("3: [program web: expected key = value", error("[supervisord]\nnodaemon=true\n[program web\n"));
        assertEquals("1: [program:my web]: a name must not contain whitespace, ':' or '/'",
                error("[program:my web]\ncommand=a\n"));
        assertEquals("3: process_name=%(program_name)s: must contain %(process_num)s (or %(process_num)02d...) when numprocs > 1",
                error("[program:w]\ncommand=a\nprocess_name=%(program_name)s\nnumprocs=2\n"));
        assertEquals("3: events=TICK_6: not a supervisord event type, did you mean TICK_5?",
                error("[eventlistener:w]\ncommand=a\nevents=TICK_6\n"));
        assertEquals("1: [eventlistener:l]: events: missing, an event listener needs events =",
                error("[eventlistener:l]\ncommand=a\n"));
        assertEquals("2: programs=web,wbe: no [program:wbe], did you mean web?",
                error("[group:g]\nprograms=web,wbe\n[program:web]\ncommand=a\n"));
    }

    @Test
    void unreadableEmptyAndBinaryFiles() throws IOException {
        Path missing = dir.resolve("nope.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> new IniReader(Fixtures.host()).read(missing));
        assertEquals(missing + ": no such file", e.getMessage());

        Path empty = Fixtures.write(dir, "empty.conf", "; only a comment\n");
        e = assertThrows(ConfigException.class, () -> new IniReader(Fixtures.host()).read(empty));
        assertEquals(empty + ": no sections: an empty configuration defines nothing", e.getMessage());

        Path latin1 = dir.resolve("latin1.conf");
        Files.write(latin1, "[program:caf\u00e9]\ncommand=a\n; caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        e = assertThrows(ConfigException.class, () -> new IniReader(Fixtures.host()).read(latin1));
        assertEquals(latin1 + ":1: not valid UTF-8 (save the file as UTF-8)", e.getMessage());

        e = assertThrows(ConfigException.class, () -> new IniReader(Fixtures.host()).read(dir));
        assertEquals(dir + ": is a directory, not a configuration file", e.getMessage());
    }

    /**
     * A FIFO would block the reading thread (the boot, or a reload) until someone writes to it:
     * an include that is one is skipped like any include that cannot be read, the file itself is
     * refused.
     */
    @Test
    @Timeout(10)
    void aFifoOrDeviceIsNeverRead() throws Exception {
        Path fifo = Files.createDirectories(dir.resolve("conf.d")).resolve("web.conf");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        String skipped = dir.resolve("capstan.conf") + ":2: files: " + fifo
                + " is not a regular file (a FIFO, socket or device); skipped, as supervisord skips it";
        assertEquals(List.of(skipped), read("[include]\nfiles=conf.d/web.conf\n[program:a]\ncommand=a\n").warnings().messages());
        assertEquals(List.of(skipped), read("[include]\nfiles=conf.d/*.conf\n[program:a]\ncommand=a\n").warnings().messages());
        ConfigException e = assertThrows(ConfigException.class, () -> new IniReader(Fixtures.host()).read(Path.of("/dev/zero")));
        assertEquals("/dev/zero: not a regular file (a FIFO, socket or device); refused", e.getMessage());
    }

    @Test
    void anIncludeWithoutFiles() {
        assertEquals("1: [include]: files: missing (supervisord refuses an [include] without files =)",
                error("[include]\n;files=conf.d/*.conf\n[program:a]\ncommand=a\n"));
    }

    @Test
    void anErrorInAnIncludedFileNamesThatFile() {
        Path included = Fixtures.write(dir, "conf.d/web.conf", "[program:web]\ncommand=/bin/web\nstartsecs=soon\n");
        Path main = Fixtures.write(dir, "capstan.conf", "[include]\nfiles=conf.d/*.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new IniReader(Fixtures.host()).read(main));
        assertEquals(included + ":3: startsecs=soon: not a number", e.getMessage());
    }

    @Test
    void duplicateProcessNamesAcrossSections() {
        assertEquals("4: w_0: a service of that name is already defined at " + dir.resolve("capstan.conf") + ":1",
                error("[program:w]\ncommand=a\nprocess_name=w_%(process_num)d\n[program:w_0]\ncommand=b\n"));
    }
}
