package dev.capstan.xmlrpc.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small non-validating XML parser for request bodies: elements, attributes (checked, then
 * dropped), character data, the five predefined entities and character references, CDATA
 * sections, comments, processing instructions and the XML declaration. A document type
 * declaration is refused, so no entity is ever defined or expanded (no XXE, no entity expansion
 * bombs). Line ends are normalized as XML requires ({@code \r\n} and {@code \r} become
 * {@code \n}).
 *
 * <p>The body is read as UTF-8 whatever the declaration says, as supervisord reads it (medusa
 * decodes the body as UTF-8 before expat sees it). Not thread-safe; one instance per document.
 */
final class XmlParser {

    /** Deepest element nesting accepted; a multicall of structs of arrays needs about 15. */
    static final int MAX_DEPTH = 100;

    /** XML's white space, which is not the regex {@code \s}. */
    private static final String S = "[ \\t\\r\\n]";
    /** {@code <?xml version="1.0" encoding="..." standalone="..."?>}, the last two optional. */
    private static final Pattern DECLARATION = Pattern.compile("<\\?xml" + S + "+version" + S + "*=" + S + "*(['\"])1\\.0\\1"
            + "(?:" + S + "+encoding" + S + "*=" + S + "*(['\"])[A-Za-z][A-Za-z0-9._-]*\\2)?"
            + "(?:" + S + "+standalone" + S + "*=" + S + "*(['\"])(?:yes|no)\\3)?" + S + "*\\?>");

    private final String s;
    private final int end;
    private int pos;
    private final StringBuilder text = new StringBuilder();

    private XmlParser(String s) {
        this.s = s;
        this.end = s.length();
    }

    /** @return the root element */
    static XmlElement parse(byte[] body) throws MalformedRequestException {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException("the body is not UTF-8");
        }
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        return new XmlParser(s).document();
    }

    private XmlElement document() throws MalformedRequestException {
        if (s.startsWith("<?xml") && end > 5 && isSpace(s.charAt(5))) {
            Matcher m = DECLARATION.matcher(s);
            if (!m.lookingAt()) {
                throw error("a malformed XML declaration");
            }
            pos = m.end();
        }
        misc();
        if (pos >= end || s.charAt(pos) != '<') {
            throw error("no root element");
        }
        XmlElement root = elements();
        misc();
        if (pos < end) {
            throw error("content after the root element");
        }
        return root;
    }

    /** Comments, processing instructions and white space, outside the root element. */
    private void misc() throws MalformedRequestException {
        while (pos < end) {
            char c = s.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (s.startsWith("<!--", pos)) {
                comment();
            } else if (s.startsWith("<?", pos)) {
                processingInstruction();
            } else if (s.startsWith("<!DOCTYPE", pos)) {
                throw error("a DOCTYPE is not accepted");
            } else {
                return;
            }
        }
    }

    /** The root element and everything in it, without recursion. */
    private XmlElement elements() throws MalformedRequestException {
        ArrayDeque<XmlElement> open = new ArrayDeque<>();
        while (true) {
            if (pos >= end) {
                throw error("the document ends inside <" + open.peek().name() + ">");
            }
            char c = s.charAt(pos);
            if (open.isEmpty() && (c != '<' || pos + 1 >= end || !isNameStart(s.charAt(pos + 1)))) {
                throw error("no root element");
            }
            if (c == '<') {
                if (s.startsWith("</", pos)) {
                    XmlElement closed = open.pop();
                    closed.addText(text);
                    text.setLength(0);
                    endTag(closed.name());
                    if (open.isEmpty()) {
                        return closed;
                    }
                } else if (s.startsWith("<!--", pos)) {
                    comment();
                } else if (s.startsWith("<![CDATA[", pos)) {
                    int close = indexOrFail("]]>", pos + 9, "an unterminated CDATA section");
                    appendChars(pos + 9, close);
                    pos = close + 3;
                } else if (s.startsWith("<?", pos)) {
                    processingInstruction();
                } else if (s.startsWith("<!", pos)) {
                    throw error(s.startsWith("<!DOCTYPE", pos) ? "a DOCTYPE is not accepted" : "a declaration inside an element");
                } else {
                    XmlElement parent = open.peek();
                    if (parent != null) {
                        parent.addText(text);
                        text.setLength(0);
                    }
                    pos++;
                    XmlElement element = new XmlElement(name());
                    boolean empty = attributes();
                    if (parent != null) {
                        parent.add(element);
                    }
                    if (empty) {
                        if (parent == null) {
                            return element;
                        }
                    } else {
                        if (open.size() == MAX_DEPTH) {
                            throw error("elements nested deeper than " + MAX_DEPTH);
                        }
                        open.push(element);
                    }
                }
            } else if (c == '&') {
                reference();
            } else if (c == '\r') {
                text.append('\n');
                pos += s.startsWith("\r\n", pos) ? 2 : 1;
            } else {
                if (c == '>' && s.startsWith("]]>", pos - 2) && pos >= 2) {
                    throw error("']]>' in character data");
                }
                text.append(checked(c));
                pos++;
            }
        }
    }

    /** After the name of a start tag: its attributes; true when the tag ends with "/>". */
    private boolean attributes() throws MalformedRequestException {
        Set<String> seen = null;
        while (true) {
            boolean spaced = skipSpace();
            if (pos >= end) {
                throw error("the document ends inside a tag");
            }
            if (s.startsWith("/>", pos)) {
                pos += 2;
                return true;
            }
            if (s.charAt(pos) == '>') {
                pos++;
                return false;
            }
            if (!spaced) {
                throw error("no space before an attribute");
            }
            String attribute = name();
            if (seen == null) {
                seen = new HashSet<>();
            }
            if (!seen.add(attribute)) {
                throw error("attribute " + attribute + " given twice");
            }
            skipSpace();
            expect('=');
            skipSpace();
            char quote = pos < end ? s.charAt(pos) : 0;
            if (quote != '"' && quote != '\'') {
                throw error("an attribute value without quotes");
            }
            pos++;
            while (true) {
                if (pos >= end) {
                    throw error("an unterminated attribute value");
                }
                char c = s.charAt(pos);
                if (c == quote) {
                    pos++;
                    break;
                }
                if (c == '<') {
                    throw error("'<' in an attribute value");
                }
                if (c == '&') {
                    int before = text.length();
                    reference();
                    text.setLength(before); // checked, not kept
                } else {
                    checked(c);
                    pos++;
                }
            }
        }
    }

    private void endTag(String expected) throws MalformedRequestException {
        pos += 2;
        String name = name();
        if (!name.equals(expected)) {
            throw error("</" + name + "> closes <" + expected + ">");
        }
        skipSpace();
        expect('>');
    }

    /** {@code &name;}, {@code &#N;} or {@code &#xN;}: appended to the text. */
    private void reference() throws MalformedRequestException {
        int semi = s.indexOf(';', pos);
        if (semi < 0 || semi - pos > 12) {
            throw error("an unterminated reference");
        }
        String ref = s.substring(pos + 1, semi);
        switch (ref) {
            case "amp" -> text.append('&');
            case "lt" -> text.append('<');
            case "gt" -> text.append('>');
            case "quot" -> text.append('"');
            case "apos" -> text.append('\'');
            default -> {
                if (!ref.startsWith("#")) {
                    throw error("undefined entity &" + ref + ";");
                }
                int cp;
                try {
                    boolean hex = ref.startsWith("#x");
                    String digits = ref.substring(hex ? 2 : 1);
                    if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
                        throw new NumberFormatException();
                    }
                    cp = Integer.parseInt(digits, hex ? 16 : 10);
                } catch (NumberFormatException e) {
                    throw error("a bad character reference &" + ref + ";");
                }
                if (!isXmlChar(cp)) {
                    throw error("a reference to a character XML does not allow: &" + ref + ";");
                }
                text.appendCodePoint(cp);
            }
        }
        pos = semi + 1;
    }

    private void comment() throws MalformedRequestException {
        int close = indexOrFail("--", pos + 4, "an unterminated comment");
        if (!s.startsWith("-->", close)) {
            throw error("'--' inside a comment");
        }
        checkChars(pos + 4, close);
        pos = close + 3;
    }

    private void processingInstruction() throws MalformedRequestException {
        pos += 2;
        String target = name();
        if (target.equalsIgnoreCase("xml")) {
            throw error("an XML declaration that is not at the start");
        }
        int close = indexOrFail("?>", pos, "an unterminated processing instruction");
        if (close > pos && !isSpace(s.charAt(pos))) {
            throw error("no space after a processing instruction's target");
        }
        checkChars(pos, close);
        pos = close + 2;
    }

    private String name() throws MalformedRequestException {
        int start = pos;
        if (pos >= end || !isNameStart(s.charAt(pos))) {
            throw error("a name was expected");
        }
        pos++;
        while (pos < end && isNameChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private void appendChars(int from, int to) throws MalformedRequestException {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                text.append('\n');
                if (i + 1 < to && s.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                text.append(checked(c));
            }
        }
    }

    private void checkChars(int from, int to) throws MalformedRequestException {
        for (int i = from; i < to; i++) {
            checked(s.charAt(i));
        }
    }

    /** The char itself if XML allows it (surrogates are whole: the text was decoded strictly). */
    private char checked(char c) throws MalformedRequestException {
        if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c == '\uFFFE' || c == '\uFFFF') {
            throw error(String.format("character U+%04X is not allowed in XML", (int) c));
        }
        return c;
    }

    private boolean skipSpace() {
        int start = pos;
        while (pos < end && isSpace(s.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private void expect(char c) throws MalformedRequestException {
        if (pos >= end || s.charAt(pos) != c) {
            throw error("'" + c + "' was expected");
        }
        pos++;
    }

    private int indexOrFail(String what, int from, String problem) throws MalformedRequestException {
        int i = s.indexOf(what, from);
        if (i < 0) {
            throw error(problem);
        }
        return i;
    }

    private MalformedRequestException error(String problem) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(pos, end); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new MalformedRequestException("not well-formed XML: " + problem + " (line " + line + ", column " + column + ")");
    }

    static boolean isXmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** XML 1.0's NameStartChar, with every character from U+00C0 up taken as a letter. */
    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                || (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0xFFFE);
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == 0xB7;
    }
}
