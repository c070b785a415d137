package dev.capstan.config.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsParserTest {

    @Test
    void identifierIsPublishedForXmlRpcWithoutAWarning() {
        KeyValues v = new KeyValues(Location.of("supervisord.conf"));
        v.put("identifier", " web-01 ", v.origin().atLine(3));
        Warnings warnings = new Warnings();
        assertEquals("web-01", new SettingsParser(UserDatabase.system()).supervisor(v, warnings).get("identifier"));
        assertEquals(List.of(), warnings.messages());
    }
}
