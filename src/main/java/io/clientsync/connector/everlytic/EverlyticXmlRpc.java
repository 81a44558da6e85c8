package io.clientsync.connector.everlytic;

import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.delivery.TransientDeliveryException;
import io.clientsync.delivery.VendorAnswer;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everlytic over XML-RPC (VENDORS.md "everlytic", {@code vendor.everlytic.transport=xmlrpc}): the same update as a
 * {@code methodCall} of {@code UpdateCustomer(int id, struct properties)}, written and read with StAX, so every value
 * is escaped and nothing is parsed by hand. An {@code <int>} answer is success, a {@code <fault>} is permanent with
 * its faultCode and faultString; 401 is permanent ({@code auth}); 429, 5xx and an answer that cannot be read are
 * transient.
 */
public final class EverlyticXmlRpc {
    private static final XMLOutputFactory OUT = XMLOutputFactory.newInstance();
    private static final XMLInputFactory IN = XMLInputFactory.newInstance();

    static {
        IN.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        IN.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        IN.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private final String method;

    public EverlyticXmlRpc(String method) {
        this.method = method;
    }

    /** Route step: the body becomes the methodCall for the vendor id and the {@link EverlyticMapper#REQUEST} fields. */
    @SuppressWarnings("unchecked")
    public void request(Exchange exchange) {
        String id = exchange.getProperty(DeliveryKeys.VENDOR_ID, String.class);
        Map<String, Object> fields = exchange.getProperty(EverlyticMapper.REQUEST, Map.class);
        long number = Long.parseLong(id);
        if (number > Integer.MAX_VALUE) {
            throw PermanentDeliveryException.rejected("vendor_ids.everlytic " + id + " does not fit XML-RPC's int");
        }
        exchange.getIn().setBody(methodCall(method, (int) number, fields));
    }

    /** {@code <methodCall>} in UTF-8: (int id, struct fields); integers as {@code <int>}, the rest as strings. */
    public static byte[] methodCall(String method, int id, Map<String, Object> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try {
            XMLStreamWriter w = OUT.createXMLStreamWriter(bytes, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("methodCall");
            element(w, "methodName", method);
            w.writeStartElement("params");
            w.writeStartElement("param");
            w.writeStartElement("value");
            element(w, "int", Integer.toString(id));
            w.writeEndElement();
            w.writeEndElement();
            w.writeStartElement("param");
            w.writeStartElement("value");
            w.writeStartElement("struct");
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                w.writeStartElement("member");
                element(w, "name", e.getKey());
                w.writeStartElement("value");
                Object v = e.getValue();
                if (v instanceof Integer || v instanceof Short) {
                    element(w, "int", v.toString());
                } else {
                    element(w, "string", xmlSafe(String.valueOf(v)));
                }
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement(); // struct
            w.writeEndElement(); // value
            w.writeEndElement(); // param
            w.writeEndElement(); // params
            w.writeEndElement(); // methodCall
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("cannot write the XML-RPC call: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Route step: reads the methodResponse. */
    public void interpret(Exchange exchange) {
        VendorAnswer answer = VendorAnswer.of(exchange);
        int status = answer.status();
        if (status == 401) {
            throw new PermanentDeliveryException("auth", "Everlytic refused the credentials (HTTP 401): "
                    + answer.shortBody(), status, null);
        }
        if (status == 429 || status >= 500) {
            throw answer.transientFailure("Everlytic XML-RPC", null);
        }
        if (status < 200 || status >= 300) {
            throw PermanentDeliveryException.refused("Everlytic XML-RPC answered HTTP " + status + ": "
                    + answer.shortBody(), status, null);
        }
        Response response;
        try {
            response = parse(answer.body());
        } catch (XMLStreamException | RuntimeException e) {
            throw new TransientDeliveryException("Everlytic XML-RPC answer is not a methodResponse: "
                    + answer.shortBody(), status, null, null);
        }
        if (response.fault()) {
            throw PermanentDeliveryException.refused("Everlytic XML-RPC fault " + response.faultCode() + ": "
                    + response.faultString(), status, response.faultCode());
        }
        if (!response.isInt()) {
            throw PermanentDeliveryException.refused("Everlytic XML-RPC answered something other than an int: "
                    + answer.shortBody(), status, null);
        }
    }

    /** What a methodResponse says: a fault (code, string), or the type and text of its one value. */
    public record Response(boolean fault, String faultCode, String faultString, String type, String value) {
        public boolean isInt() {
            return !fault && ("int".equals(type) || "i4".equals(type)) && value != null
                    && value.trim().matches("-?[0-9]+");
        }
    }

    public static Response parse(String xml) throws XMLStreamException {
        XMLStreamReader r = IN.createXMLStreamReader(new StringReader(xml));
        try {
            boolean fault = false;
            boolean root = false;
            while (r.hasNext()) {
                int event = r.next();
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (!root) {
                    if (!"methodResponse".equals(name)) {
                        throw new XMLStreamException("root is " + name + ", not methodResponse");
                    }
                    root = true;
                } else if ("fault".equals(name)) {
                    fault = true;
                } else if ("value".equals(name)) {
                    Object value = value(r);
                    if (fault) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> struct = value instanceof Map ? (Map<String, Object>) value : Map.of();
                        return new Response(true, text(struct.get("faultCode")), text(struct.get("faultString")),
                                null, null);
                    }
                    if (value instanceof Typed t) {
                        return new Response(false, null, null, t.type(), t.text());
                    }
                    return new Response(false, null, null, "struct", null);
                }
            }
            throw new XMLStreamException("no value in the methodResponse");
        } finally {
            r.close();
        }
    }

    private record Typed(String type, String text) {
    }

    /** At a {@code <value>} start: a Typed scalar or a Map for a struct; leaves the reader after {@code </value>}. */
    private static Object value(XMLStreamReader r) throws XMLStreamException {
        Object result = null;
        StringBuilder bare = new StringBuilder();
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                bare.append(r.getText());
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                String type = r.getLocalName();
                if ("struct".equals(type)) {
                    result = struct(r);
                } else {
                    result = new Typed(type, r.getElementText());
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "value".equals(r.getLocalName())) {
                return result != null ? result : new Typed("string", bare.toString());
            }
        }
        throw new XMLStreamException("unterminated value");
    }

    private static Map<String, Object> struct(XMLStreamReader r) throws XMLStreamException {
        Map<String, Object> members = new LinkedHashMap<>();
        String name = null;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if ("name".equals(r.getLocalName())) {
                    name = r.getElementText().trim();
                } else if ("value".equals(r.getLocalName())) {
                    members.put(name, value(r));
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "struct".equals(r.getLocalName())) {
                return members;
            }
        }
        throw new XMLStreamException("unterminated struct");
    }

    private static String text(Object value) {
        if (value instanceof Typed t) {
            return t.text() == null ? null : t.text().trim();
        }
        return value == null ? null : Json.printable(String.valueOf(value), 200);
    }

    /** Characters XML 1.0 cannot carry at all (most control characters) become U+FFFD; the rest is escaped by StAX. */
    static String xmlSafe(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || Character.isSurrogate(c) || (c >= 0xE000 && c <= 0xFFFD);
            if (!ok && out == null) {
                out = new StringBuilder(text.substring(0, i));
            }
            if (out != null) {
                out.append(ok ? c : '\uFFFD');
            }
        }
        return out == null ? text : out.toString();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }
}
