package org.cityhub.connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stax.StAXSource;
import javax.xml.transform.stream.StreamSource;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The one convention that turns XML into the JSON records a mapping reads, for every connector shape that
 * receives XML (SOAP responses, XML file drops).
 *
 * <p><b>The convention.</b> Each record element becomes one JSON object:
 * <ul>
 *   <li>element <b>local names</b> are the keys; namespaces and prefixes are dropped
 *       ({@code <ns1:sqr>} is {@code "sqr"});</li>
 *   <li>an element with only text becomes a <b>string</b>, trimmed; text is never converted to a number or
 *       boolean ({@code <cnqx> 20 </cnqx>} is {@code "20"}; the Case schema's normalisation turns it into a
 *       number where the case wants one);</li>
 *   <li>an <b>empty</b> element ({@code <bjsj/>}, {@code <bjsj>  </bjsj>}) and an element with
 *       {@code xsi:nil="true"} become {@code null};</li>
 *   <li><b>attributes</b> become {@code "@name"} keys (strings, not trimmed); an element with attributes
 *       becomes an object, its text then goes under {@code "#text"};</li>
 *   <li>an element with <b>child elements</b> becomes an object (attributes first, then children in document
 *       order, then {@code "#text"} for non-blank text mixed in between them);</li>
 *   <li><b>repeated</b> sibling elements of the same name become an <b>array</b>, in document order, at the
 *       position of the first one. A single occurrence is <i>not</i> an array: a mapping that expects a list
 *       wraps it, e.g. {@code [clxx.{...}]} in JSONata;</li>
 *   <li>the record element itself is always an object (an empty record is {@code {}});</li>
 *   <li>{@code xsi:*} attributes (schema plumbing), namespace declarations, comments and processing
 *       instructions are ignored; CDATA is text.</li>
 * </ul>
 * Example: {@code <bjxx xh="3"><ywlsh>YJ1</ywlsh><slsj/><clxx><clmc>A</clmc></clxx><clxx><clmc>B</clmc></clxx></bjxx>}
 * is {@code {"@xh":"3","ywlsh":"YJ1","slsj":null,"clxx":[{"clmc":"A"},{"clmc":"B"}]}}.
 *
 * <p><b>Secure by construction.</b> Parsers made here refuse any document with a DOCTYPE: no DTD is read, no
 * external entity is resolved, no entity is expanded, so an XXE or an entity-expansion bomb ("billion
 * laughs") fails with an {@link XmlFormatException} before anything is expanded or fetched. Malformed XML
 * fails with an {@link XmlFormatException} naming line and column. Reading is streamed (StAX): only one
 * record is held at a time by {@link #forEachRecord}.
 *
 * <p>Thread-safe; all methods are static.
 */
public final class XmlRecords {

    /** The XML Schema instance namespace: its attributes ({@code xsi:nil}, {@code xsi:type}) are not data. */
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    /** Key of an element's text when the element is an object (it has attributes or children). */
    public static final String TEXT_KEY = "#text";
    /** Prefix of the keys of attributes. */
    public static final String ATTRIBUTE_PREFIX = "@";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // the JAXP factories are not specified as thread-safe: one configured factory per thread
    private static final ThreadLocal<XMLInputFactory> INPUT = ThreadLocal.withInitial(XmlRecords::inputFactory);
    private static final ThreadLocal<DocumentBuilderFactory> DOM = ThreadLocal.withInitial(XmlRecords::documentBuilderFactory);
    // a builder only for empty documents, kept per thread: making one sets up a whole parser (12.6% of the call-out
    // threads' CPU samples when each call made its own; bench/NOTES.md), and newDocument() needs none of it
    private static final ThreadLocal<DocumentBuilder> EMPTY_DOCUMENTS = ThreadLocal.withInitial(() -> {
        try {
            return DOM.get().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });

    private XmlRecords() {
    }

    /** XML that cannot be read: malformed, or refused (a DOCTYPE). The message names line and column. */
    public static final class XmlFormatException extends IllegalArgumentException {
        private final int line;
        private final int column;

        public XmlFormatException(String message, int line, int column, Throwable cause) {
            super(message + (line > 0 ? " (line " + line + ", column " + column + ")" : ""), cause);
            this.line = line;
            this.column = column;
        }

        /** 1-based line of the problem, or -1 when unknown. */
        public int line() {
            return line;
        }

        /** 1-based column of the problem, or -1 when unknown. */
        public int column() {
            return column;
        }
    }

    /**
     * What {@link #read} found in one document: the records, and the text of the first occurrence of each
     * requested value element outside the records (e.g. a total count), absent when not found.
     */
    public record Content(List<ObjectNode> records, Map<String, String> values) {
    }

    // ---------------------------------------------------------------- reading records

    /** Every {@code recordElement} (local name, at any depth) of a document, as JSON objects. */
    public static List<ObjectNode> records(InputStream xml, String recordElement) {
        return read(new StreamSource(xml), recordElement, Set.of()).records();
    }

    /** Every {@code recordElement} (local name, at any depth) of a document, as JSON objects. */
    public static List<ObjectNode> records(Source xml, String recordElement) {
        return read(xml, recordElement, Set.of()).records();
    }

    /**
     * Streams the records of a document to {@code consumer} one by one, holding one record in memory at a
     * time: for large files. Records are not nested: an element named {@code recordElement} inside a record
     * is part of that record.
     */
    public static void forEachRecord(InputStream xml, String recordElement, Consumer<ObjectNode> consumer) {
        scan(new StreamSource(xml), recordElement, Set.of(), consumer, new LinkedHashMap<>());
    }

    /**
     * The records of a document, and the text of the first occurrence (outside any record) of each element
     * named in {@code valueElements}, e.g. the total count of a paged SOAP response.
     */
    public static Content read(Source xml, String recordElement, Set<String> valueElements) {
        List<ObjectNode> records = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        scan(xml, recordElement, valueElements, records::add, values);
        return new Content(List.copyOf(records), Map.copyOf(values));
    }

    /** The document (root) element of an XML source as a JSON object, by the convention. */
    public static ObjectNode toJson(Source xml) {
        if (xml instanceof DOMSource dom && dom.getNode() != null) {
            Node n = dom.getNode();
            Element root = n instanceof Document d ? d.getDocumentElement() : n instanceof Element e ? e : null;
            if (root == null) {
                throw new XmlFormatException("expected an element, got a DOM " + n.getClass().getSimpleName(), -1, -1, null);
            }
            return toJson(root);
        }
        XMLStreamReader r = open(xml);
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw doctype(r.getLocation());
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return toJson(r);
                }
            }
            throw new XmlFormatException("no element in the document", -1, -1, null);
        } catch (XMLStreamException e) {
            throw malformed(e);
        } finally {
            closeQuietly(r);
        }
    }

    /**
     * The element at the reader's cursor (a START_ELEMENT) as a JSON object; the reader is left on its
     * END_ELEMENT.
     */
    public static ObjectNode toJson(XMLStreamReader reader) throws XMLStreamException {
        JsonNode node = element(reader, true);
        return (ObjectNode) node;
    }

    /** A DOM element as a JSON object, by the convention. */
    public static ObjectNode toJson(Element element) {
        return (ObjectNode) element(element, true);
    }

    /**
     * JSON → XML, the convention read backwards: each field becomes an unqualified child element of
     * {@code parent}; objects nest, arrays repeat the element, nulls are left out, other values are text.
     */
    public static void appendJson(Document doc, Element parent, JsonNode node) {
        node.fields().forEachRemaining(e -> appendValue(doc, parent, e.getKey(), e.getValue()));
    }

    private static void appendValue(Document doc, Element parent, String name, JsonNode value) {
        if (value.isArray()) {
            value.forEach(v -> appendValue(doc, parent, name, v));
            return;
        }
        if (value.isNull()) {
            return;
        }
        Element child = doc.createElementNS(null, name);
        if (value.isObject()) {
            appendJson(doc, child, value);
        } else {
            child.setTextContent(value.asText());
        }
        parent.appendChild(child);
    }

    // ---------------------------------------------------------------- secure parsers

    /**
     * A StAX factory that refuses DTDs and external entities (the JDK's own implementation, so behaviour
     * does not depend on which StAX library happens to be on the class path). Callers must still reject a
     * DTD event, as {@link #read} does: the factory alone would skip the DTD and then fail on the first
     * entity reference with a less helpful message.
     */
    public static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resources are not read: " + systemId);
        });
        return f;
    }

    /**
     * A DOM factory that refuses any DOCTYPE, external entities, XInclude and entity expansion (the JDK's
     * own implementation, which supports every one of these switches).
     */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature: " + e.getMessage(), e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    /** Parses a whole document with the secure DOM factory; malformed or refused XML is an {@link XmlFormatException}. */
    public static Document parse(String xml) {
        return parse(new InputSource(new StringReader(xml)));
    }

    /** Parses a whole document with the secure DOM factory; malformed or refused XML is an {@link XmlFormatException}. */
    public static Document parse(InputStream xml) {
        return parse(new InputSource(xml));
    }

    private static Document parse(InputSource in) {
        try {
            DocumentBuilder b = DOM.get().newDocumentBuilder();
            b.setErrorHandler(SILENT);
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external resources are not read: " + systemId);
            });
            return b.parse(in);
        } catch (SAXParseException e) {
            String msg = e.getMessage() == null ? "unreadable" : e.getMessage();
            if (msg.contains("DOCTYPE")) {
                throw new XmlFormatException(DOCTYPE_REFUSED, e.getLineNumber(), e.getColumnNumber(), e);
            }
            throw new XmlFormatException("malformed XML: " + msg, e.getLineNumber(), e.getColumnNumber(), e);
        } catch (SAXException | IOException e) {
            throw new XmlFormatException("malformed XML: " + e.getMessage(), -1, -1, e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new empty document for building XML (namespace aware). */
    public static Document newDocument() {
        return EMPTY_DOCUMENTS.get().newDocument();
    }

    // ---------------------------------------------------------------- streaming

    private static final String DOCTYPE_REFUSED = "XML with a DOCTYPE declaration is refused: DTDs and entities are never"
            + " read or expanded (protection against external entities and entity-expansion bombs)";

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static void scan(Source xml, String recordElement, Set<String> valueElements, Consumer<ObjectNode> records,
                             Map<String, String> values) {
        if (recordElement == null || recordElement.isBlank()) {
            throw new IllegalArgumentException("recordElement: the local name of the record element is required");
        }
        if (xml instanceof DOMSource dom && dom.getNode() != null) {
            scan(dom.getNode(), recordElement, valueElements, records, values);
            return;
        }
        XMLStreamReader r = open(xml);
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw doctype(r.getLocation());
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (name.equals(recordElement)) {
                        records.accept((ObjectNode) element(r, true));
                    } else if (valueElements.contains(name) && !values.containsKey(name)) {
                        JsonNode v = element(r, false);
                        values.put(name, v.isTextual() ? v.asText() : v.isNull() ? "" : v.path(TEXT_KEY).asText(""));
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        } finally {
            closeQuietly(r);
        }
    }

    private static void scan(Node node, String recordElement, Set<String> valueElements, Consumer<ObjectNode> records,
                             Map<String, String> values) {
        if (node.getNodeType() == Node.DOCUMENT_TYPE_NODE) {
            throw new XmlFormatException(DOCTYPE_REFUSED, -1, -1, null);
        }
        if (node instanceof Element e) {
            String name = localName(e);
            if (name.equals(recordElement)) {
                records.accept((ObjectNode) element(e, true));
                return;
            }
            if (valueElements.contains(name) && !values.containsKey(name)) {
                JsonNode v = element(e, false);
                values.put(name, v.isTextual() ? v.asText() : v.isNull() ? "" : v.path(TEXT_KEY).asText(""));
                return;
            }
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            scan(c, recordElement, valueElements, records, values);
        }
    }

    private static XMLStreamReader open(Source xml) {
        try {
            if (xml instanceof StAXSource stax) {
                if (stax.getXMLStreamReader() != null) {
                    return stax.getXMLStreamReader();
                }
                throw new IllegalArgumentException("StAXSource over an event reader is not supported");
            }
            if (xml instanceof StreamSource s) {
                if (s.getInputStream() != null) {
                    return INPUT.get().createXMLStreamReader(s.getInputStream());
                }
                if (s.getReader() != null) {
                    return INPUT.get().createXMLStreamReader(s.getReader());
                }
                throw new IllegalArgumentException("StreamSource without a stream: URLs are not opened");
            }
            if (xml instanceof SAXSource sax && sax.getInputSource() != null) {
                InputSource in = sax.getInputSource();
                if (in.getByteStream() != null) {
                    return INPUT.get().createXMLStreamReader(in.getByteStream());
                }
                if (in.getCharacterStream() != null) {
                    return INPUT.get().createXMLStreamReader(in.getCharacterStream());
                }
            }
            if (xml instanceof DOMSource) {
                throw new IllegalArgumentException("empty DOMSource");
            }
            // anything else (a SAXSource over a custom reader, a vendor Source): copy it out as text first
            return INPUT.get().createXMLStreamReader(new StringReader(serialise(xml)));
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    private static String serialise(Source xml) {
        try {
            TransformerFactory tf = TransformerFactory.newDefaultInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            var out = new java.io.StringWriter();
            tf.newTransformer().transform(xml, new javax.xml.transform.stream.StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new XmlFormatException("unreadable XML source: " + e.getMessage(), -1, -1, e);
        }
    }

    /** Reads the element at the cursor up to its end tag. */
    private static JsonNode element(XMLStreamReader r, boolean asObject) throws XMLStreamException {
        ObjectNode attrs = null;
        boolean nil = false;
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ns = r.getAttributeNamespace(i);
            String name = r.getAttributeLocalName(i);
            if (XSI.equals(ns)) {
                nil |= "nil".equals(name) && "true".equals(r.getAttributeValue(i).trim());
                continue;
            }
            if (attrs == null) {
                attrs = NODES.objectNode();
            }
            attrs.put(ATTRIBUTE_PREFIX + name, r.getAttributeValue(i));
        }
        Map<String, List<JsonNode>> children = null;
        StringBuilder text = null;
        while (true) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (children == null) {
                        children = new LinkedHashMap<>();
                    }
                    String name = r.getLocalName();
                    children.computeIfAbsent(name, k -> new ArrayList<>(1)).add(element(r, false));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (text == null) {
                        text = new StringBuilder();
                    }
                    text.append(r.getText());
                }
                case XMLStreamConstants.ENTITY_REFERENCE ->
                    throw new XmlFormatException("entity reference &" + r.getLocalName() + "; is refused: entities are never"
                            + " expanded", r.getLocation().getLineNumber(), r.getLocation().getColumnNumber(), null);
                case XMLStreamConstants.DTD -> throw doctype(r.getLocation());
                case XMLStreamConstants.END_ELEMENT -> {
                    return build(attrs, children, text == null ? "" : text.toString().strip(), nil, asObject);
                }
                default -> {
                    // comments, processing instructions
                }
            }
        }
    }

    private static JsonNode element(Element e, boolean asObject) {
        ObjectNode attrs = null;
        boolean nil = false;
        NamedNodeMap map = e.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            Attr a = (Attr) map.item(i);
            String ns = a.getNamespaceURI();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(ns) || a.getName().equals("xmlns") || a.getName().startsWith("xmlns:")) {
                continue;
            }
            String name = a.getLocalName() == null ? a.getName() : a.getLocalName();
            if (XSI.equals(ns)) {
                nil |= "nil".equals(name) && "true".equals(a.getValue().trim());
                continue;
            }
            if (attrs == null) {
                attrs = NODES.objectNode();
            }
            attrs.put(ATTRIBUTE_PREFIX + name, a.getValue());
        }
        Map<String, List<JsonNode>> children = null;
        StringBuilder text = null;
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            switch (c.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    if (children == null) {
                        children = new LinkedHashMap<>();
                    }
                    children.computeIfAbsent(localName((Element) c), k -> new ArrayList<>(1)).add(element((Element) c, false));
                }
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                    if (text == null) {
                        text = new StringBuilder();
                    }
                    text.append(c.getNodeValue());
                }
                case Node.ENTITY_REFERENCE_NODE ->
                    throw new XmlFormatException("entity reference &" + c.getNodeName() + "; is refused: entities are never"
                            + " expanded", -1, -1, null);
                default -> {
                    // comments, processing instructions
                }
            }
        }
        return build(attrs, children, text == null ? "" : text.toString().strip(), nil, asObject);
    }

    private static JsonNode build(ObjectNode attrs, Map<String, List<JsonNode>> children, String text, boolean nil,
                                  boolean asObject) {
        if (nil && !asObject) {
            return NullNode.instance;
        }
        if (attrs == null && children == null && !asObject) {
            return text.isEmpty() ? NullNode.instance : TextNode.valueOf(text);
        }
        ObjectNode obj = attrs == null ? NODES.objectNode() : attrs;
        if (children != null) {
            for (Map.Entry<String, List<JsonNode>> c : children.entrySet()) {
                if (c.getValue().size() == 1) {
                    obj.set(c.getKey(), c.getValue().get(0));
                } else {
                    ArrayNode arr = obj.putArray(c.getKey());
                    c.getValue().forEach(arr::add);
                }
            }
        }
        if (!text.isEmpty()) {
            obj.put(TEXT_KEY, text);
        }
        return obj;
    }

    private static String localName(Element e) {
        String n = e.getLocalName();
        if (n == null) {
            n = e.getNodeName();
            int colon = n.indexOf(':');
            n = colon >= 0 ? n.substring(colon + 1) : n;
        }
        return n;
    }

    private static XmlFormatException doctype(Location at) {
        return new XmlFormatException(DOCTYPE_REFUSED, at == null ? -1 : at.getLineNumber(), at == null ? -1 : at.getColumnNumber(), null);
    }

    private static XmlFormatException malformed(XMLStreamException e) {
        String msg = e.getMessage() == null ? "unreadable" : e.getMessage();
        int at = msg.indexOf("Message: ");
        if (at >= 0) {
            msg = msg.substring(at + "Message: ".length());
        }
        Location loc = e.getLocation();
        return new XmlFormatException("malformed XML: " + msg.strip(), loc == null ? -1 : loc.getLineNumber(),
                loc == null ? -1 : loc.getColumnNumber(), e);
    }

    private static void closeQuietly(XMLStreamReader r) {
        try {
            r.close();
        } catch (XMLStreamException e) {
            // nothing to do
        }
    }
}
