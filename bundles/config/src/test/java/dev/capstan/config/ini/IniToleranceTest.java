package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.config.Fixtures;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfigFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What supervisord silently accepts, Capstan accepts with a warning naming file and line, and
 * then runs the file as supervisord runs it: each case is read by real supervisord too, which
 * must accept it, and the two must make the same processes of it ({@link Agreement}).
 */
class IniToleranceTest {

    @TempDir
    Path dir;

    /** Writes the files (the first is the main one), reads them with both, and returns Capstan's reading. */
    private ParsedConfigFile both(String... nameAndText) throws Exception {
        Path main = null;
        for (int i = 0; i < nameAndText.length; i += 2) {
            Path file = Fixtures.write(dir, nameAndText[i], nameAndText[i + 1]);
            main = main == null ? file : main;
        }
        Map<String, Object> theirs = Supervisord.read(List.of(main), Fixtures.ENVIRONMENT,
                Fixtures.resource("etc/passwd"), Fixtures.resource("etc/group")).get(0);
        assertFalse(theirs.containsKey("error"), () -> "supervisord refuses it: " + theirs.get("error"));
        ParsedConfigFile ours = new IniReader(new Host(Fixtures.ENVIRONMENT, Host.current().nodeName(), Fixtures.users())).read(main);
        Agreement.assertAgrees(theirs, ours, main.toString());
        return ours;
    }

    /** The warnings, each without the directory of the files. */
    private List<String> warnings(ParsedConfigFile config) {
        return config.warnings().messages().stream().map(m -> m.replace(dir + "/", "")).collect(Collectors.toList());
    }

    @Test
    void keysInASectionThatDoesNotReadThemAreIgnored() throws Exception {
        ParsedConfigFile c = both("supervisord.conf", "[supervisord]\n"
                + "nodaemon=true\n"
                + "redirect_stderr=true\n"
                + "stopsignal=QUIT\n"
                + "stdout_logfile=/dev/stdout\n"
                + "[unix_http_server]\n"
                + "file=/tmp/x.sock\n"
                + "nodaemon=true\n"
                + "[program:web]\n"
                + "command=/bin/web\n"
                + "loglevel=info\n"
                + "pidfile=/run/web.pid\n"
                + "startsec=5\n"
                + "events=TICK_5\n");
        assertEquals(List.of(
                "supervisord.conf:3: redirect_stderr: not read in [supervisord] (a key of [program:x]); ignored, as supervisord ignores it",
                "supervisord.conf:4: stopsignal: not read in [supervisord] (a key of [program:x]); ignored, as supervisord ignores it",
                "supervisord.conf:5: stdout_logfile: not read in [supervisord] (a key of [program:x]); ignored, as supervisord ignores it",
                "supervisord.conf:8: nodaemon: not read in [unix_http_server] (a key of [supervisord]); ignored, as supervisord ignores it",
                "supervisord.conf:11: loglevel: not read in [program:web] (a key of [supervisord]); ignored, as supervisord ignores it",
                "supervisord.conf:12: pidfile: not read in [program:web] (a key of [supervisord]); ignored, as supervisord ignores it",
                "supervisord.conf:13: startsec: unknown key, did you mean startsecs?; ignored, as supervisord ignores it",
                "supervisord.conf:14: events: not read in [program:web] (a key of [eventlistener:x]); ignored, as supervisord ignores it"),
                warnings(c));
        assertEquals(Map.of("file", "/tmp/x.sock"), c.control());
    }

    @Test
    void aKeyGivenTwiceKeepsItsLastValue() throws Exception {
        ParsedConfigFile c = both("supervisord.conf", "[supervisord]\nnodaemon=true\nnodaemon=true\n"
                + "[program:web]\ncommand=/bin/web\nautorestart=false\nautorestart=true\n");
        assertEquals(List.of(
                "supervisord.conf:3: nodaemon: given again in [supervisord] (first at line 2); the later value is used, as supervisord uses it",
                "supervisord.conf:7: autorestart: given again in [program:web] (first at line 6); the later value is used, as supervisord uses it"),
                warnings(c));
    }

    @Test
    void aSectionGivenTwiceIsMerged() throws Exception {
        ParsedConfigFile c = both("supervisord.conf", "[program:web]\ncommand=/bin/web\nstartsecs=5\n"
                + "[supervisord]\n"
                + "[program:web]\nstartsecs=7\nautostart=false\n");
        assertEquals(List.of("supervisord.conf:5: [program:web]: section given again (first at line 1); "
                + "merged into it, a later key replacing an earlier one, as supervisord does",
                "supervisord.conf:6: startsecs: given again in [program:web] (first at line 3); the later value is used, as supervisord uses it"),
                warnings(c));
        assertEquals(7, c.services().get(0).spec().startSecs().toSeconds());
        assertFalse(c.services().get(0).spec().autostart());
    }

    @Test
    void aConfDFileReopensUnixHttpServerToAddChown() throws Exception {
        ParsedConfigFile c = both("supervisord.conf", "[unix_http_server]\nfile=/tmp/x.sock\nchmod=0700\n"
                + "[supervisord]\n[include]\nfiles=conf.d/*.conf\n",
                "conf.d/app.conf", "[program:app]\ncommand=/bin/app\n[unix_http_server]\nchown=app:app\n");
        assertEquals(Map.of("file", "/tmp/x.sock", "chmod", "0700", "chown", "app:app"), c.control());
        assertEquals(List.of("conf.d/app.conf:3: [unix_http_server]: section given again (first at supervisord.conf:1); "
                + "merged into it, a later key replacing an earlier one, as supervisord does"), warnings(c));
    }

    @Test
    void includedFilesThatDoNotExistAreSkipped() throws Exception {
        ParsedConfigFile c = both("supervisord.conf", "[supervisord]\n[include]\n"
                + "files=conf.d/*.conf missing.conf conf.d/dir.conf other/*.ini\n"
                + "[program:web]\ncommand=/bin/web\n",
                "conf.d/dir.conf/.keep", "; a directory named like a file\n");
        assertEquals(List.of(
                "supervisord.conf:3: files: conf.d/dir.conf is a directory; skipped, as supervisord skips it",
                "supervisord.conf:3: files: missing.conf matches no file; skipped, as supervisord skips it",
                "supervisord.conf:3: files: conf.d/dir.conf is a directory; skipped, as supervisord skips it",
                "supervisord.conf:3: files: other/*.ini matches no file; skipped, as supervisord skips it"),
                warnings(c));
    }

    @Test
    void anIncludedFileIncludesNothingAndItsHereIsItsOwnDirectory() throws Exception {
        ParsedConfigFile c = both("supervisord.conf", "[supervisord]\n[include]\nfiles=conf.d/*.conf\n",
                "conf.d/a.conf", "[program:a]\ncommand=%(here)s/a\n[include]\nfiles=../more/*.conf\n",
                "more/b.conf", "[program:b]\ncommand=/bin/b\n");
        assertEquals(List.of(dir.resolve("conf.d/a").toString()), c.services().get(0).spec().command());
        assertEquals(1, c.services().size());
        assertEquals(List.of("conf.d/a.conf:3: [include]: not read: supervisord reads [include] only in the file it is started with"),
                warnings(c));
    }

    @Test
    void unknownSectionsAndEmptyGroupsAreIgnored() throws Exception {
        ParsedConfigFile c = both("supervisord.conf", "[supervisord]\n[celery]\nbroker=redis://\n"
                + "[progam:web]\ncommand=/bin/web\n[group:empty]\n[program:api]\ncommand=/bin/api\n");
        assertEquals(List.of(
                "supervisord.conf:2: [celery]: unknown section; ignored, as supervisord ignores it",
                "supervisord.conf:4: [progam:web]: unknown section, did you mean program:web?; ignored, as supervisord ignores it",
                "supervisord.conf:6: [group:empty]: no programs =: an empty group, as supervisord makes it"),
                warnings(c));
    }

    @Test
    void defaultKeysReachEverySection() throws Exception {
        ParsedConfigFile c = both("supervisord.conf", "[DEFAULT]\nautostart=false\nstartsecs=0\n"
                + "[supervisord]\n[program:a]\ncommand=/bin/a\n[program:b]\ncommand=/bin/b\nstartsecs=3\n");
        assertEquals(List.of(), warnings(c));
        assertTrue(c.services().stream().noneMatch(s -> s.spec().autostart()));
    }

    @Test
    void commandsAreSplitAsSupervisordSplitsThem() throws Exception {
        both("supervisord.conf", "[supervisord]\n"
                + "[program:worker]\n"
                + "command=bash -c \"exec celery worker \\\n"
                + "    --worker-class x --queues a,b\"\n"
                + "[program:quoting]\n"
                + "command=/bin/run '' \"a\\$b\" x\\ y --opt=\"one two\"three #not-a-comment\n"
                + "stdout_logfile=off\n");
    }

    @Test
    void inlineCommentsEndWhereConfigParserEndsThem() throws Exception {
        both("supervisord.conf", "[supervisord]\n"
                + "[program:web]\n"
                + "command=/bin/web a;b ;c #d\n"
                + "directory=/srv;x\t#tab before\n");
    }
}
