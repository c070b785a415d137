package dev.capstan.xmlrpc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

/**
 * The hand-written parser against the JDK's StAX parser as the oracle: thousands of generated
 * documents (nesting, attributes, entities, character references, CDATA, comments, processing
 * instructions, CR/LF line ends, non-ASCII text) must give the same tree, and generated broken
 * documents must be refused by both.
 */
class StaxDifferentialTest {

    private static final String[] NAMES = {"methodCall", "value", "a", "b.c", "x-y", "_z", "ns:q", "\u00e9t\u00e9", "i4"};
    private static final String[] TEXTS = {"", " ", "plain", "caf\u00e9", "\u65e5\u672c", "\ud83d\ude00", "tab\there",
        "line\nend", "cr\rlf", "crlf\r\nx", "&amp;", "&lt;&gt;", "&quot;&apos;", "&#65;", "&#x1F600;", "&#xe9;", "]]", "<![CDATA[ <raw> & ]]>", "<![CDATA[]]>", "<!-- note -->", "<?pi data?>", "a > b", "\"q\" 'a'"};

    @Test
    void generatedDocumentsGiveStaxsTree() throws Exception {
        Random random = new Random(15);
        for (int i = 0; i < 3000; i++) {
            String doc = document(random);
            String expected = stax(doc);
            String actual = render(XmlParser.parse(doc.getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, actual, () -> "document: " + doc);
        }
    }

    @Test
    void brokenDocumentsAreRefusedByBoth() throws Exception {
        Random random = new Random(16);
        int broken = 0;
        for (int i = 0; i < 3000; i++) {
            String doc = breakIt(document(random), random);
            boolean staxAccepts;
            try {
                stax(doc);
                staxAccepts = true;
            } catch (XMLStreamException | RuntimeException e) {
                staxAccepts = false;
            }
            if (staxAccepts) {
                continue; // the change happened to keep it well-formed
            }
            broken++;
            assertThrows(MalformedRequestException.class, () -> XmlParser.parse(doc.getBytes(StandardCharsets.UTF_8)),
                    () -> "accepted a document StAX refuses: " + doc);
        }
        if (broken < 1000) {
            fail("only " + broken + " broken documents were generated");
        }
    }

    @Test
    void handWrittenCasesMatchToo() throws Exception {
        for (String doc : List.of(
                "<?xml version='1.0'?>\n<methodCall><methodName>x</methodName></methodCall>\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a/>",
                "\ufeff<a>bom</a>",
                "<!-- before --><?pi?><a b='1' c=\"&lt;2&gt;\">x<b/>tail<c>y</c></a><!-- after -->\n",
                "<a>\r\n</a>",
                "<a><![CDATA[\r\n]]></a>",
                "<a >x</a >")) {
            assertEquals(stax(doc), render(XmlParser.parse(doc.getBytes(StandardCharsets.UTF_8))), doc);
        }
    }

    // ---- generation ----

    private static String document(Random r) {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(3) == 0) {
            b.append(r.nextBoolean() ? "<?xml version='1.0'?>" : "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            b.append(r.nextBoolean() ? "\n" : "");
        }
        if (r.nextInt(4) == 0) {
            b.append("<!-- prolog -->\n");
        }
        element(b, r, 0);
        if (r.nextInt(4) == 0) {
            b.append(r.nextBoolean() ? "\n" : "<!-- epilog -->");
        }
        return b.toString();
    }

    private static void element(StringBuilder b, Random r, int depth) {
        String name = NAMES[r.nextInt(NAMES.length)];
        b.append('<').append(name);
        int attributes = r.nextInt(3);
        for (int i = 0; i < attributes; i++) {
            b.append(' ').append("at").append(i).append(r.nextBoolean() ? "=\"v&amp;" + i + "\"" : "='w&#x41;'");
        }
        if (r.nextInt(6) == 0) {
            b.append(r.nextBoolean() ? "/>" : " />");
            return;
        }
        b.append('>');
        int parts = r.nextInt(depth > 4 ? 2 : 5);
        for (int i = 0; i < parts; i++) {
            if (r.nextInt(3) == 0 && depth < 8) {
                element(b, r, depth + 1);
            } else {
                b.append(TEXTS[r.nextInt(TEXTS.length)]);
            }
        }
        b.append("</").append(name).append(r.nextInt(5) == 0 ? " >" : ">");
    }

    /** One local change that usually makes the document ill-formed. */
    private static String breakIt(String doc, Random r) {
        int at = r.nextInt(doc.length() + 1);
        String[] insertions = {"<", "&", "&bogus;", "&#0;", "&#xFFFE;", "\u0001", "</z>", "<!DOCTYPE a>", "]]>",
            "<!-- a -- b -->", "<a b='1' b='2'>", "<?xml version='1.0'?>", "\uFFFF", "<a", "&#x;", "<1a/>"};
        return switch (r.nextInt(3)) {
            case 0 -> doc.substring(0, at) + insertions[r.nextInt(insertions.length)] + doc.substring(at);
            case 1 -> doc.substring(0, at);
            default -> doc.substring(0, at) + insertions[r.nextInt(insertions.length)];
        };
    }

    // ---- the two trees, rendered alike ----

    /** name, then the text before the first child in brackets (absent when none), then children. */
    private static String render(XmlElement e) {
        StringBuilder b = new StringBuilder();
        render(e, b);
        return b.toString();
    }

    private static void render(XmlElement e, StringBuilder b) {
        b.append('(').append(e.name());
        if (e.text() != null) {
            b.append('[').append(e.text()).append(']');
        }
        for (XmlElement c : e.children()) {
            render(c, b);
        }
        b.append(')');
    }

    private static String stax(String doc) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader x = f.createXMLStreamReader(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "UTF-8");
        StringBuilder out = new StringBuilder();
        // Per open element: whether it has had a child yet, and the text gathered before it.
        Deque<boolean[]> hasChild = new ArrayDeque<>();
        Deque<StringBuilder> texts = new ArrayDeque<>();
        while (x.hasNext()) {
            int event = x.next();
            switch (event) {
                case XMLStreamReader.START_ELEMENT -> {
                    if (!hasChild.isEmpty()) {
                        flushText(out, hasChild.peek(), texts.peek());
                        hasChild.peek()[0] = true;
                    }
                    out.append('(').append(x.getLocalName().isEmpty() ? "" : qname(x));
                    hasChild.push(new boolean[1]);
                    texts.push(new StringBuilder());
                }
                case XMLStreamReader.END_ELEMENT -> {
                    flushText(out, hasChild.pop(), texts.pop());
                    out.append(')');
                }
                case XMLStreamReader.CHARACTERS, XMLStreamReader.CDATA, XMLStreamReader.SPACE -> {
                    if (!texts.isEmpty() && !hasChild.peek()[0]) {
                        texts.peek().append(x.getText());
                    }
                }
                case XMLStreamReader.DTD -> throw new XMLStreamException("DTD");
                default -> {
                    // comments, processing instructions, document start and end
                }
            }
        }
        return out.toString();
    }

    private static String qname(XMLStreamReader x) {
        String prefix = x.getPrefix();
        return prefix == null || prefix.isEmpty() ? x.getLocalName() : prefix + ":" + x.getLocalName();
    }

    /** Inserts the text gathered before the first child right after the element's name. */
    private static void flushText(StringBuilder out, boolean[] hadChild, StringBuilder text) {
        if (!hadChild[0] && text.length() > 0) {
            out.append('[').append(text).append(']');
            text.setLength(0);
        }
    }
}
