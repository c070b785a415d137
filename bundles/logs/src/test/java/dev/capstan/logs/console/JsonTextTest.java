package dev.capstan.logs.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.logs.lines.ByteBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    private static String escape(byte[] raw) throws CharacterCodingException {
        ByteBuilder out = new ByteBuilder();
        JsonText.appendEscaped(out, ByteBuffer.wrap(raw), 0, raw.length);
        // The output must be strict UTF-8, whatever came in.
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(out.buffer()).toString();
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() throws Exception {
        assertEquals("say \\\"hi\\\" C:\\\\ \\t\\r\\n \\u0000\\u001b[0m\\u007f",
                escape("say \"hi\" C:\\ \t\r\n \u0000\u001b[0m\u007f".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wellFormedUtf8IsKeptAsIs() throws Exception {
        String s = "é € 𝄞 日本";
        assertEquals(s, escape(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharacters() throws Exception {
        byte[] raw = {
            'a', (byte) 0xFF, 'b',                     // never valid
            (byte) 0xC0, (byte) 0x80,                  // overlong NUL
            (byte) 0xED, (byte) 0xA0, (byte) 0x80,     // a surrogate
            (byte) 0xE2, (byte) 0x82,                  // truncated euro sign
        };
        assertEquals("a\uFFFDb\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD", escape(raw));
    }

    @Test
    void everyByteValueGivesValidOutput() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String s = escape(all);
        // 128 ASCII characters, then one replacement per byte: none of 0x80..0xFF alone is UTF-8.
        assertEquals(128, s.chars().filter(c -> c == 0xFFFD).count());
    }
}
