package io.clientsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.clientsync.support.Json;
import io.clientsync.connector.everlytic.EverlyticMapper;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.stream.XMLOutputFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everlytic on loopback, strict about the contract: HTTP Basic (401 otherwise); {@code PUT /api/2.0/customers/{id}}
 * with JSON of the documented fields only (400 for another name), name and email present, an industry of the 19,
 * a two-letter country, whole-number quotas and a known status (422 otherwise) and a known id (404). The same
 * update over XML-RPC at {@code POST /xmlrpc} ({@code UpdateCustomer(int, struct)}), refusals as faults.
 */
public final class EverlyticSimulator implements AutoCloseable {
    public static final Set<String> FIELDS = Set.of("name", "email", "status", "address", "state_provinces",
            "postal_code", "telephone", "website_url", "country", "industry", "unique_id", "email_package_id",
            "email_quota", "sms_quota", "transactions_package_id", "transactions_quota", "deleted");
    private static final Set<String> STATUSES = Set.of("on", "off", "suspended", "deleted");
    private static final String PREFIX = "/api/2.0/customers/";
    private static final XMLInputFactory XML_IN = XMLInputFactory.newInstance();

    static {
        XML_IN.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML_IN.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML_IN.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private final String basic;
    private final String xmlRpcMethod;
    private final Set<Long> knownIds;
    private final Map<Long, ObjectNode> customers = new ConcurrentHashMap<>();
    private final AtomicInteger updates = new AtomicInteger();
    private final LoopbackServer server;

    private record Refusal(int status, String message) {
    }

    public EverlyticSimulator(String username, String apiKey, String xmlRpcMethod, Set<Long> knownIds) {
        this.basic = "Basic " + Base64.getEncoder().encodeToString((username + ":" + apiKey)
                .getBytes(StandardCharsets.UTF_8));
        this.xmlRpcMethod = xmlRpcMethod;
        this.knownIds = Set.copyOf(knownIds);
        this.server = new LoopbackServer("everlytic", this::handle);
    }

    public String baseUrl() {
        return server.baseUrl() + "/api/2.0";
    }

    public String xmlRpcUrl() {
        return server.baseUrl() + "/xmlrpc";
    }

    /** The stored customers (every update merged in), as Everlytic keeps them. */
    public Map<Long, ObjectNode> customers() {
        return Map.copyOf(customers);
    }

    public int updates() {
        return updates.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        boolean xmlRpc = path.equals("/xmlrpc");
        if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            if (xmlRpc) {
                sendXml(ex, 401, fault(401, "Unauthorized"));
            } else {
                error(ex, 401, "Unauthorized: invalid username or API key");
            }
            return;
        }
        if (xmlRpc) {
            handleXmlRpc(ex);
            return;
        }
        if (!path.startsWith(PREFIX)) {
            error(ex, 404, "No such resource");
            return;
        }
        if (!ex.getRequestMethod().equals("PUT")) {
            error(ex, 405, "Method not allowed");
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            error(ex, 415, "Content-Type must be application/json");
            return;
        }
        long id;
        try {
            id = Long.parseLong(path.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            error(ex, 404, "Customer not found");
            return;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(LoopbackServer.body(ex));
        } catch (IOException e) {
            error(ex, 400, "Body is not JSON");
            return;
        }
        if (body == null || !body.isObject()) {
            error(ex, 400, "Body must be an object");
            return;
        }
        Refusal refusal = update(id, (ObjectNode) body);
        if (refusal != null) {
            error(ex, refusal.status(), refusal.message());
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putArray("links").addObject().put("rel", "self").put("href", PREFIX + id);
        answer.set("item", customers.get(id).deepCopy().put("id", id));
        LoopbackServer.send(ex, 200, Json.write(answer));
    }

    /** Validates and stores one update; null when it was taken. */
    private Refusal update(long id, ObjectNode body) {
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                return new Refusal(400, "Unknown field: " + field);
            }
        }
        if (body.path("name").asText("").isBlank() || body.path("email").asText("").isBlank()) {
            return new Refusal(422, "name and email are required");
        }
        if (body.has("industry") && !EverlyticMapper.INDUSTRIES.contains(body.get("industry").asText())) {
            return new Refusal(422, "Invalid industry: " + body.get("industry").asText());
        }
        if (body.has("country") && !body.get("country").asText().matches("[A-Z]{2}|")) {
            return new Refusal(422, "Invalid country: " + body.get("country").asText());
        }
        if (body.has("status") && !STATUSES.contains(body.get("status").asText())) {
            return new Refusal(422, "Invalid status: " + body.get("status").asText());
        }
        if (body.has("deleted") && !body.get("deleted").asText().matches("yes|no")) {
            return new Refusal(422, "Invalid deleted: " + body.get("deleted").asText());
        }
        for (String field : EverlyticMapper.INTEGER_FIELDS) {
            JsonNode v = body.get(field);
            if (v != null && !(v.isIntegralNumber() || (v.isTextual() && v.textValue().isEmpty()))) {
                return new Refusal(422, field + " must be an integer");
            }
        }
        if (!knownIds.contains(id)) {
            return new Refusal(404, "Customer " + id + " not found");
        }
        ObjectNode stored = customers.computeIfAbsent(id, k -> Json.MAPPER.createObjectNode());
        synchronized (stored) {
            stored.setAll(body);
        }
        updates.incrementAndGet();
        return null;
    }

    private void handleXmlRpc(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            sendXml(ex, 405, fault(405, "POST only"));
            return;
        }
        String method = null;
        Long id = null;
        ObjectNode struct = Json.MAPPER.createObjectNode();
        try {
            XMLStreamReader r = XML_IN.createXMLStreamReader(new ByteArrayInputStream(
                    ex.getRequestBody().readAllBytes()));
            String member = null;
            int param = 0;
            while (r.hasNext()) {
                if (r.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (r.getLocalName()) {
                    case "methodName" -> method = r.getElementText().trim();
                    case "param" -> param++;
                    case "name" -> member = r.getElementText();
                    case "int", "i4" -> {
                        long n = Long.parseLong(r.getElementText().trim());
                        if (param == 1) {
                            id = n;
                        } else {
                            struct.put(member, n);
                        }
                    }
                    case "string" -> struct.put(member, r.getElementText());
                    case "double", "boolean" -> struct.put(member, "<" + r.getLocalName() + ">"
                            + r.getElementText());
                    default -> { }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            sendXml(ex, 200, fault(-32700, "parse error: not well formed"));
            return;
        }
        if (!xmlRpcMethod.equals(method)) {
            sendXml(ex, 200, fault(-32601, "requested method " + method + " not found"));
            return;
        }
        if (id == null) {
            sendXml(ex, 200, fault(-32602, "the first parameter must be the int id"));
            return;
        }
        Refusal refusal = update(id, struct);
        if (refusal != null) {
            sendXml(ex, 200, fault(refusal.status(), refusal.message()));
            return;
        }
        sendXml(ex, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><params><param><value><int>"
                + id + "</int></value></param></params></methodResponse>");
    }

    private static String fault(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("methodResponse");
            w.writeStartElement("fault");
            w.writeStartElement("value");
            w.writeStartElement("struct");
            member(w, "faultCode", "int", Integer.toString(code));
            member(w, "faultString", "string", message);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void member(XMLStreamWriter w, String name, String type, String value) throws XMLStreamException {
        w.writeStartElement("member");
        w.writeStartElement("name");
        w.writeCharacters(name);
        w.writeEndElement();
        w.writeStartElement("value");
        w.writeStartElement(type);
        w.writeCharacters(value);
        w.writeEndElement();
        w.writeEndElement();
        w.writeEndElement();
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putObject("error").put("message", message);
        LoopbackServer.send(ex, status, Json.write(answer));
    }

    private static void sendXml(HttpExchange ex, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.close();
    }
}
