package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/capstan --check}: reads the file as a boot would, prints every warning and error,
 * starts nothing and binds nothing, exits 0 when it would boot and 2 when not; with
 * {@code --json}, the services the file resolves to (checked with Python's json module).
 */
class CheckIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("check");

    record Result(int exit, String out, String err) {
    }

    private static Result check(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CapstanProcess.DIST.resolve("bin/capstan").toString(), "--check"));
        cmd.addAll(List.of(args));
        Path out = DIR.resolve("out");
        Path err = DIR.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "capstan --check did not finish");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aFileThatWouldBootStartsNothingAndSaysWhatItToleratesAndResolves() throws Exception {
        Files.createDirectories(DIR);
        Path marker = DIR.resolve("started");
        Files.deleteIfExists(marker);
        Path conf = DIR.resolve("good.conf");
        Files.writeString(conf, String.join("\n",
                "[unix_http_server]",
                "file=%(here)s/control.sock",
                "[supervisord]",
                "nodaemon=true",
                "redirect_stderr=true",
                "[program:web]",
                "command=sh -c 'touch " + marker + "; exec sleep 100'",
                "startsecs=0",
                "user=nobody",
                "environment=MODE=\"check\"",
                "[program:web]",
                "autorestart=false",
                "[include]",
                "files=conf.d/*.conf",
                ""));
        Result r = check("-c", conf.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(conf + ": would boot: 1 service, 3 warnings\n", r.out());
        assertEquals(String.join("\n",
                "warning: " + conf + ":5: redirect_stderr: not read in [supervisord] (a key of [program:x]); ignored, as supervisord ignores it",
                "warning: " + conf + ":11: [program:web]: section given again (first at line 6); merged into it, a later key replacing an earlier one, as supervisord does",
                "warning: " + conf + ":14: files: conf.d/*.conf matches no file; skipped, as supervisord skips it",
                ""), r.err());
        assertFalse(Files.exists(marker), "--check started the service");
        assertFalse(Files.exists(DIR.resolve("control.sock")), "--check bound the control socket");

        Result json = check("-c", conf.toString(), "--json");
        assertEquals(0, json.exit(), json.out() + json.err());
        Path script = DIR.resolve("read_check.py");
        Files.writeString(script, String.join("\n",
                "import json, sys",
                "d = json.load(open(sys.argv[1]))",
                "s = d['services'][0]",
                "print(d['boots'], len(d['warnings']), d['errors'], s['fullname'], s['command'], s['autorestart'],",
                "      s['user'], s['environment'], s['stopsignal'], s['startsecs'], s['stopwaitsecs'], s['stdout']['target'])",
                ""));
        Process python = new ProcessBuilder("/usr/bin/python3", "-I", script.toString(), DIR.resolve("out").toString())
                .redirectErrorStream(true).start();
        String parsed = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        assertEquals("True 3 [] web ['sh', '-c', 'touch " + marker + "; exec sleep 100'] false nobody {'MODE': 'check'} TERM 0 10 console\n",
                parsed);
        assertFalse(Files.exists(marker), "--check --json started the service");
    }

    @Test
    void aFileThatWouldNotBootSaysEveryErrorAndExitsTwo() throws Exception {
        Files.createDirectories(DIR);
        Path conf = DIR.resolve("bad.conf");
        Files.writeString(conf, String.join("\n",
                "[program:a]",
                "command=sh -c \"unclosed",
                "startsecs=soon",
                "[program:b]",
                "command=/bin/b",
                "autostart=maybe",
                "user=ghost-user",
                ""));
        Result r = check("-c", conf.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(conf + ": would not boot: 4 errors\n", r.out());
        assertEquals(String.join("\n",
                "error: " + conf + ":2: command=sh -c \"unclosed: No closing quotation",
                "error: " + conf + ":3: startsecs=soon: not a number",
                "error: " + conf + ":6: autostart=maybe: not a boolean (true/false, yes/no, on/off, 1/0)",
                "error: " + conf + ":7: user=ghost-user: no such user in /etc/passwd",
                ""), r.err());

        Result missing = check("-c", DIR.resolve("missing.conf").toString());
        assertEquals(2, missing.exit());
        assertEquals("error: " + DIR.resolve("missing.conf") + ": no such file\n", missing.err());
    }
}
