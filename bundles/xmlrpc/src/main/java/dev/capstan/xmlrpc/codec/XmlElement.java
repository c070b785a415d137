package dev.capstan.xmlrpc.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a parsed document, as much of it as XML-RPC reads: its name, the text before its
 * first child element (ElementTree's {@code text}, which is what supervisord's unmarshaller reads)
 * and its child elements. Attributes, comments and the text after a child are not kept.
 */
final class XmlElement {

    private final String name;
    private final List<XmlElement> children = new ArrayList<>(2);
    private String text;

    XmlElement(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** The character data before the first child element, or null when there is none. */
    String text() {
        return text;
    }

    List<XmlElement> children() {
        return children;
    }

    /** Called by the parser when a run of character data ends (at a tag). */
    void addText(CharSequence run) {
        if (children.isEmpty() && run.length() > 0) {
            text = text == null ? run.toString() : text + run;
        }
    }

    void add(XmlElement child) {
        children.add(child);
    }
}
