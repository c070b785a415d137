package dev.capstan.events.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Python's {@code repr(bytes)} and {@code int(bytes)} as supervisord relies on them. The expected
 * strings are what Python 3.11 prints for the same input.
 */
class PythonTextTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void reprEscapesAsPythonDoes() {
        // python3 -c "print(repr(b'a\\'\\\\\\t\\n\\r\\x00\\x7f\\xff'))"
        assertEquals("b\"a'\\\\\\t\\n\\r\\x00\\x7f\\xff\"", PythonText.bytesRepr(bytes('a', '\'', '\\', '\t', '\n', '\r', 0, 0x7f, 0xff)));
        // python3 -c "print(repr(b'say \"hi\" it\\'s'))"
        assertEquals("b'say \"hi\" it\\'s'", PythonText.bytesRepr("say \"hi\" it's".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b''", PythonText.bytesRepr(new byte[0]));
    }

    @Test
    void outputThatIsNotUtf8IsUndecodable() {
        assertEquals("caf\u00e9\r\n", PythonText.outputText("caf\u00e9\r\n".getBytes(StandardCharsets.UTF_8)));
        // supervisord: 'Undecodable: %r' % data, for data = b'caf\xe9\n' (Latin-1)
        assertEquals("Undecodable: b'caf\\xe9\\n'", PythonText.outputText(bytes('c', 'a', 'f', 0xe9, '\n')));
        // a UTF-8-encoded surrogate is refused by Python's strict decoder too
        assertEquals("Undecodable: b'\\xed\\xa0\\x80'", PythonText.outputText(bytes(0xed, 0xa0, 0x80)));
    }

    @Test
    void intReadsWhatPythonReads() {
        assertEquals(2, parse(" 2\r"));
        assertEquals(1000, parse("1_000"));
        assertEquals(-3, parse("-3"));
        assertEquals(7, parse("+7"));
        for (String bad : new String[] {"", " ", "1__0", "_1", "1_", "0x10", "2 2", "two"}) {
            assertThrows(NumberFormatException.class, () -> parse(bad), bad);
        }
    }

    private static long parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return PythonText.parseInt(b, 0, b.length);
    }
}
