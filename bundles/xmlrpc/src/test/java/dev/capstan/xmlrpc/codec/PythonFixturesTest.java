package dev.capstan.xmlrpc.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.xmlrpc.codec.PythonXmlRpc.Binary;
import dev.capstan.xmlrpc.codec.PythonXmlRpc.DateTime;
import dev.capstan.xmlrpc.codec.PythonXmlRpc.Real;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The codec against the real Python side: requests written by {@code xmlrpc.client.dumps} (what
 * supervisorctl and every Python client send) and hand-written ones must read as supervisord
 * 4.2.5's unmarshaller reads them, and be refused where it fails; responses must be the bytes
 * supervisord sends for the same values, and read back by {@code xmlrpc.client.loads}.
 */
class PythonFixturesTest {

    private static PythonXmlRpc python;

    @BeforeAll
    static void startPython() throws Exception {
        python = new PythonXmlRpc();
    }

    @AfterAll
    static void stopPython() throws Exception {
        python.close();
    }

    @Test
    void requestsWrittenByXmlrpcClientReadAsSupervisordReadsThem() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("name", "web");
        nested.put("z-first", List.of(1, List.of(), Map.of()));
        nested.put("\u00e9", Map.of("k", true));
        List<List<?>> calls = List.of(
                List.of(),
                List.of("web"),
                List.of("group:*", true),
                List.of("web", false),
                List.of("", " ", "<&>\"'", "]]>", "caf\u00e9 \u65e5\u672c \ud83d\ude00", "a\nb", "tab\there", "cr\r\nlf\rx"),
                List.of(0, -1, 2147483647, -2147483648, -1600, 0),
                List.of(new Real("0.0"), new Real("-1.5"), new Real("1e300"), new Real("5e-324"), new Real("inf"),
                        new Real("-inf"), new Real("nan")),
                List.of(new DateTime("2024-01-02T03:04:05"), new DateTime("1999-12-31T23:59:00")),
                List.of(new Binary("hello".getBytes(StandardCharsets.UTF_8)), new Binary(new byte[0])),
                List.of(List.of(), List.of(1, "two", List.of(3, List.of(4))), Map.of(), nested),
                List.of(List.of(call("supervisor.getState", List.of()), call("supervisor.startProcess", List.of("web", true)))));
        for (List<?> params : calls) {
            byte[] body = python.dumps("supervisor.method", params);
            assertReadAsSupervisord(body);
        }
        assertReadAsSupervisord(python.dumps("system.multicall", List.of()));
    }

    @Test
    void handWrittenRequestsReadAsSupervisordReadsThem() throws Exception {
        for (String params : List.of(
                "",
                "<params></params>",
                "<params><param><value>bare text</value></param></params>",
                "<params><param><value/></param><param><value></value></param></params>",
                "<params><param><value>\n  <string>typed</string>\n  </value></param></params>",
                "<params><param><value>before<int>7</int>after</value></param></params>",
                "<params><param><value><int> 42 </int></value></param><param><value><i4>+7</i4></value></param>"
                        + "<param><value><int>1_000</int></value></param><param><value><int>-0</int></value></param></params>",
                "<params><param><value><boolean>1</boolean></value></param><param><value><boolean>true</boolean></value></param>"
                        + "<param><value><boolean>0</boolean></value></param><param><value><boolean/></value></param></params>",
                "<params><param><value><double> 1_0.5e1_0 </double></value></param><param><value><double>-Infinity</double></value></param>"
                        + "<param><value><double>.5</double></value></param><param><value><double>5.</double></value></param></params>",
                "<params><param><value><string/></value></param><param><value><string><![CDATA[<raw> & ]]></string></value></param>"
                        + "<param><value><string>a<!-- c -->b&#65;&#x42;&amp;</string></value></param></params>",
                "<params><param><value><dateTime.iso8601>20240102T3:4:5</dateTime.iso8601></value></param></params>",
                "<params><param><value><base64>aGVs\nbG8=</base64></value></param><param><value><base64/></value></param></params>",
                "<params><param><value><array><data/></array></value></param>"
                        + "<param><value><struct/></value></param></params>",
                "<params><param><value><struct><member><name>a</name><value>1</value></member>"
                        + "<member><name>a</name><value><int>2</int></value></member><member><name/><value/></member></struct></value></param></params>",
                // what supervisord refuses: Capstan must refuse it too
                "<params><param><value><int>abc</int></value></param></params>",
                "<params><param><value><int></int></value></param></params>",
                "<params><param><value><int>1__0</int></value></param></params>",
                "<params><param><value><double>1d</double></value></param></params>",
                "<params><param><value><double>0x10</double></value></param></params>",
                "<params><param><value><double>1e</double></value></param></params>",
                "<params><param><value><dateTime.iso8601>20241301T00:00:00</dateTime.iso8601></value></param></params>",
                "<params><param><value><dateTime.iso8601>20240230T00:00:00</dateTime.iso8601></value></param></params>",
                "<params><param><value><base64>gA==</base64></value></param></params>",
                "<params><param/></params>")) {
            assertReadAsSupervisord(("<?xml version='1.0'?><methodCall><methodName>supervisor.x</methodName>" + params
                    + "</methodCall>").getBytes(StandardCharsets.UTF_8));
        }
        for (String doc : List.of(
                "<methodCall><params/></methodCall>",
                "<methodCall><methodName></methodName></methodCall>",
                "<methodCall><methodName> spaced </methodName></methodCall>",
                "<methodCall><methodName>x</methodName>",
                "not xml at all",
                "<methodCall><methodName>a&#1;</methodName></methodCall>",
                "<methodCall><methodName>a]]>b</methodName></methodCall>",
                "<methodCall><methodName>\u0007</methodName></methodCall>")) {
            assertReadAsSupervisord(doc.getBytes(StandardCharsets.UTF_8));
        }
        assertReadAsSupervisord(new byte[] {'<', 'a', (byte) 0xff, '>'});
    }

    /**
     * Where supervisord reads something and Capstan answers 400 instead (docs/xmlrpc.md): a
     * DOCTYPE (supervisord expands its entities), types it does not know (it passes their text on
     * as a string), and shapes it reads into nonsense.
     */
    @Test
    void capstanRefusesWhatSupervisordReadsIntoNonsense() throws Exception {
        for (String doc : List.of(
                "<!DOCTYPE m [<!ENTITY e 'supervisor.getState'>]><methodCall><methodName>&e;</methodName></methodCall>",
                "<methodCall><methodName>x</methodName><params><param><value><nil/></value></param></params></methodCall>",
                "<methodCall><methodName>x</methodName><params><param><value><i8>5</i8></value></param></params></methodCall>",
                "<call><methodName>x</methodName></call>",
                "<methodCall><methodName>x</methodName><params><param><value><struct><member><value>v</value><name>k</name>"
                        + "</member></struct></value></param></params></methodCall>",
                "<methodCall><methodName>x</methodName><params><param><value><array><value>1</value></array></value></param>"
                        + "</params></methodCall>",
                "<methodCall><methodName>x</methodName><params><other/></params></methodCall>")) {
            byte[] body = doc.getBytes(StandardCharsets.UTF_8);
            assertTrue(!python.unmarshal(body).startsWith("ERR"), () -> "supervisord reads " + doc);
            assertThrows(MalformedRequestException.class, () -> XmlRpcReader.read(body), doc);
        }
    }

    @Test
    void responsesAreTheBytesSupervisordSends() throws Exception {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "web");
        info.put("group", "web");
        info.put("start", 1700000000);
        info.put("state", 20);
        info.put("spawnerr", "");
        info.put("description", "pid 42, uptime 0:00:07");
        List<Object> values = new ArrayList<>(List.of("3.0", "", "<&>\"' ]]>", "caf\u00e9 \u65e5\u672c \ud83d\ude00",
                "line\nend\ttab\r\n", 0, -2147483648, 2147483647, true, false, List.of(), Map.of(), info,
                List.of(info, List.of(List.of("a"), List.of(), List.of("b", "c")))));
        for (Object v : values) {
            assertArrayEquals(python.response(v), XmlRpcWriter.response(v),
                    () -> "for " + PythonXmlRpc.canon(v) + ":\n" + new String(XmlRpcWriter.response(v), StandardCharsets.UTF_8));
        }
        assertArrayEquals(python.fault(10, "BAD_NAME: nosuch <&>"), XmlRpcWriter.fault(10, "BAD_NAME: nosuch <&>"));
        assertEquals("FAULT i10 s\"BAD_NAME: nosuch <&>\"", python.loads(XmlRpcWriter.fault(10, "BAD_NAME: nosuch <&>")));
    }

    @Test
    void controlCharactersInLogDataReachXmlrpcClientAsControlPictures() throws Exception {
        String log = "\u001b[31mred\u001b[0m\u0000\u0007\b\u000b\f\u001f tab\t lf\n \ufffe\uffff \ud800 end";
        // Python sends these raw, and its own client cannot read them back.
        assertTrue(python.loads(python.response(log.replace("\ud800", ""))).startsWith("ERR"));
        assertEquals("s" + PythonXmlRpc.jsonString(
                "\u241b[31mred\u241b[0m\u2400\u2407\u2408\u240b\u240c\u241f tab\t lf\n \ufffd\ufffd \ufffd end"),
                python.loads(XmlRpcWriter.response(log)));
    }

    @Test
    void longIntegersAreWrittenAsInt() throws Exception {
        assertEquals("i5000000000", python.loads(XmlRpcWriter.response(5_000_000_000L)));
    }

    private static void assertReadAsSupervisord(byte[] body) throws Exception {
        String expected = python.unmarshal(body);
        String actual = capstanReads(body);
        if (expected.startsWith("ERR") || expected.startsWith("n ")) {
            // supervisord answers 400 when loads fails and when there is no method name
            assertTrue(actual.startsWith("ERR"), () -> "supervisord refuses " + new String(body, StandardCharsets.UTF_8)
                    + " (" + expected + "); Capstan read " + actual);
        } else {
            assertEquals(expected, actual, () -> new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String capstanReads(byte[] body) {
        try {
            MethodCall call = XmlRpcReader.read(body);
            return PythonXmlRpc.canon(call.method()) + " " + PythonXmlRpc.canon(call.params());
        } catch (MalformedRequestException e) {
            return "ERR " + e.getMessage();
        }
    }

    private static Map<String, Object> call(String method, List<?> params) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("methodName", method);
        m.put("params", params);
        return m;
    }
}
