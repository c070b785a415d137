package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Warnings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The INI details supervisord inherits from Python's ConfigParser, and its expansions. */
class IniSyntaxTest {

    private static KeyValues only(String text) {
        List<ConfigException> errors = new ArrayList<>();
        List<IniSection> sections = IniParser.parse(text, "t.conf", new Warnings(), errors);
        assertEquals(List.of(), errors);
        assertEquals(1, sections.size());
        return sections.get(0).values();
    }

    @Test
    void commentsDelimitersCaseAndContinuations() {
        KeyValues v = only("; leading comment\n"
                + "[program:x]\n"
                + "Command = /bin/echo a;b   ; a comment after whitespace\n"
                + "directory: /srv # also a comment\n"
                + "environment=A=\"1\",\n"
                + "    B=\"2\"\n"
                + "  # a comment line inside the value does not end it\n"
                + "\n"
                + "    C=\"3\"\n"
                + "url=http://h:1/x#frag\n");
        assertEquals("/bin/echo a;b", v.get("command"));
        assertEquals("/srv", v.get("directory"));
        assertEquals("A=\"1\",\nB=\"2\"\n\nC=\"3\"", v.get("environment"));
        assertEquals("http://h:1/x#frag", v.get("url"));
        assertEquals(3, v.location("command").line());
        assertEquals(10, v.location("url").line());
    }

    @Test
    void expansionsFormatAsPythonDoes() {
        Expansions e = new Expansions().put("process_num", 7).put("program_name", "web").put("numprocs", 12);
        assertEquals("web_07 of 12 100%", e.expand("%(program_name)s_%(process_num)02d of %(numprocs)d 100%%"));
        assertEquals("[   7][7  ][web  ][we]", e.expand("[%(process_num)4d][%(process_num)-3d][%(program_name)-5s][%(program_name).2s]"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> e.expand("%(nope)s"));
        assertEquals("%(nope)s: unknown expansion (available: numprocs, process_num, program_name and ENV_<variable>)",
                bad.getMessage());
        assertEquals("%(program_name)x: unsupported conversion 'x' (use s or d)",
                assertThrows(IllegalArgumentException.class, () -> e.expand("%(program_name)x")).getMessage());
    }

    @Test
    void linesEndAtEveryKindOfLineEndAsTheRegularExpressionSplitThem() {
        for (String text : List.of("", "a", "a\n", "a\r\nb", "a\rb\r", "a\n\r\nb\r\r", "\r\n\n", "a\n\nb\n\n")) {
            assertEquals(List.of(text.split("\r?\n|\r", -1)), IniParser.lines(text), text.replace("\r", "CR").replace("\n", "LF"));
        }
    }

    @Test
    void environmentExpansionsTakeTheLatestEnvironmentAndSuggestTheirNames() {
        Expansions common = new Expansions().put("program_name", "web")
                .putEnvironment(Map.of("HOME", "/root", "PORT", "80"))
                .putEnvironment(Map.of("PORT", "8080"));
        Expansions own = common.copy().putEnvironment(Map.of("HOME", "/srv"));
        assertEquals("/root:8080", common.expand("%(ENV_HOME)s:%(ENV_PORT)s"));
        assertEquals("/srv:8080 web", own.expand("%(ENV_HOME)s:%(ENV_PORT)s %(program_name)s"));
        assertEquals("%(ENV_PRT)s: unknown expansion, did you mean %(ENV_PORT)s?",
                assertThrows(IllegalArgumentException.class, () -> own.expand("%(ENV_PRT)s")).getMessage());
        assertEquals("%(ENV_)s: unknown expansion (available: program_name and ENV_<variable>)",
                assertThrows(IllegalArgumentException.class, () -> own.expand("%(ENV_)s")).getMessage());
    }

    @Test
    void environmentListsParseAsSupervisordsAndBack() {
        Map<String, String> env = dev.capstan.config.spec.EnvironmentList.parse("A=\"x, y\",B='say \"hi\"', C=plain,\nD=\"\"");
        assertEquals(Map.of("A", "x, y", "B", "say \"hi\"", "C", "plain", "D", ""), env);
        assertEquals(env, dev.capstan.config.spec.EnvironmentList.parse(dev.capstan.config.spec.EnvironmentList.format(env)));
    }
}
