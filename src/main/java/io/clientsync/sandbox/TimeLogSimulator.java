package io.clientsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.clientsync.support.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TimeLog on loopback, strict about the contract: the bearer token (401 otherwise) on every call; the lookup lists
 * {@code GET /country/get-all} (Entities shape) and {@code GET /currency/active} (a bare array);
 * {@code PUT /customer/update} with the full model: a missing key or an unknown field, a value of another JSON type
 * than TimeLog's model gives the field (CreditorID is a string, the ids integers), a null Name, an unknown
 * CountryID, CurrencyID, status or industry id are refused as TimeLog does, with HTTP 500 and Code 100; an unknown
 * CustomerID with Code 102. The type check is strict on purpose: it catches a connector that sends a wrong type.
 */
public final class TimeLogSimulator implements AutoCloseable {
    /** The full customer model; every key must be present in an update. */
    public static final List<String> MODEL = List.of("CustomerID", "Name", "NickName", "CustomerNo", "Email",
            "Phone", "Fax", "Website", "Address", "Address2", "Address3", "ZipCode", "City", "State", "CountryID",
            "CurrencyID", "VatNo", "OrganizationNo", "CustomerSince", "CustomerStatusID", "IndustryID",
            "UseInvoicingAddress", "InvoicingName", "InvoicingAddress", "InvoicingAddress2", "InvoicingAddress3",
            "InvoicingAddressZipCode", "InvoicingAddressCity", "InvoicingAddressState", "InvoicingAddressCountryID",
            "PrimaryKAMID", "SecondaryKAMID", "CreditorID");
    /** The integer fields of the model (ids and TimeLog's own numbers); UseInvoicingAddress is the one boolean. */
    static final Set<String> INTEGERS = Set.of("CustomerID", "CountryID", "CurrencyID", "CustomerStatusID",
            "IndustryID", "InvoicingAddressCountryID", "PrimaryKAMID", "SecondaryKAMID");
    static final Set<String> BOOLEANS = Set.of("UseInvoicingAddress");
    private static final String ROOT = "/acme/api/v1";

    private final String token;
    private final Set<Long> knownIds;
    private final Map<String, Integer> countries;
    private final Map<String, Integer> currencies;
    private final Set<Integer> statusIds;
    private final Set<Integer> industryIds;
    private final Map<Long, ObjectNode> customers = new ConcurrentHashMap<>();
    private final AtomicInteger updates = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private final LoopbackServer server;

    public TimeLogSimulator(String token, Set<Long> knownIds, Map<String, Integer> countries,
                            Map<String, Integer> currencies, Set<Integer> statusIds, Set<Integer> industryIds) {
        this.token = token;
        this.knownIds = Set.copyOf(knownIds);
        this.countries = Map.copyOf(countries);
        this.currencies = Map.copyOf(currencies);
        this.statusIds = Set.copyOf(statusIds);
        this.industryIds = Set.copyOf(industryIds);
        this.server = new LoopbackServer("timelog", this::handle);
    }

    public String baseUrl() {
        return server.baseUrl() + ROOT;
    }

    /** The stored customers, as TimeLog keeps them (a full replace per update). */
    public Map<Long, ObjectNode> customers() {
        return Map.copyOf(customers);
    }

    public int updates() {
        return updates.get();
    }

    /** Lookup list requests answered. */
    public int lookups() {
        return lookups.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            LoopbackServer.send(ex, 401, "{\"Message\":\"Authorization has been denied for this request.\"}");
            return;
        }
        if (method.equals("GET") && path.equals(ROOT + "/country/get-all")) {
            lookups.incrementAndGet();
            ObjectNode answer = Json.MAPPER.createObjectNode();
            ArrayNode entities = answer.putArray("Entities");
            countries.forEach((iso, id) -> entities.addObject().putObject("Properties").put("CountryID", id)
                    .put("ISO", iso));
            LoopbackServer.send(ex, 200, Json.write(answer));
            return;
        }
        if (method.equals("GET") && path.equals(ROOT + "/currency/active")) {
            lookups.incrementAndGet();
            ArrayNode list = Json.MAPPER.createArrayNode();
            currencies.forEach((abb, id) -> list.addObject().put("CurrencyID", id).put("CurrencyABB", abb));
            LoopbackServer.send(ex, 200, Json.write(list));
            return;
        }
        if (!path.equals(ROOT + "/customer/update")) {
            LoopbackServer.send(ex, 404, "{\"Message\":\"No HTTP resource was found that matches the request URI.\"}");
            return;
        }
        if (!method.equals("PUT")) {
            LoopbackServer.send(ex, 405, "{\"Message\":\"The requested resource does not support " + method + ".\"}");
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            LoopbackServer.send(ex, 415, "{\"Message\":\"Unsupported media type\"}");
            return;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(LoopbackServer.body(ex));
        } catch (IOException e) {
            LoopbackServer.send(ex, 400, "{\"Message\":\"The request is invalid.\"}");
            return;
        }
        if (body == null || !body.isObject()) {
            LoopbackServer.send(ex, 400, "{\"Message\":\"The request is invalid.\"}");
            return;
        }
        List<String> problems = new ArrayList<>();
        for (String key : MODEL) {
            if (!body.has(key)) {
                problems.add(key + " is missing (a partial model would blank it)");
            }
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!MODEL.contains(field)) {
                problems.add("unknown field " + field);
            }
        }
        checkTypes(body, problems);
        if (body.path("Name").asText("").isBlank()) {
            problems.add("Name is required");
        }
        checkId(body, "CountryID", Set.copyOf(countries.values()), problems);
        checkId(body, "InvoicingAddressCountryID", Set.copyOf(countries.values()), problems);
        checkId(body, "CurrencyID", Set.copyOf(currencies.values()), problems);
        checkId(body, "CustomerStatusID", statusIds, problems);
        checkId(body, "IndustryID", industryIds, problems);
        JsonNode since = body.get("CustomerSince");
        if (since != null && !since.isNull() && !since.asText().matches("\\d{4}-\\d{2}-\\d{2}T00:00:00")) {
            problems.add("CustomerSince is not a date");
        }
        if (!problems.isEmpty()) {
            error(ex, 100, "Validation failed", problems);
            return;
        }
        long id = body.path("CustomerID").asLong(-1);
        if (!knownIds.contains(id)) {
            error(ex, 102, "Customer not found", List.of("CustomerID " + id));
            return;
        }
        customers.put(id, (ObjectNode) body);
        updates.incrementAndGet();
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("Properties", body);
        LoopbackServer.send(ex, 200, Json.write(answer));
    }

    /** Each present, non-null field of the model must have its type: integer, boolean, else string. */
    private static void checkTypes(JsonNode body, List<String> problems) {
        for (String field : MODEL) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (INTEGERS.contains(field) ? !value.isIntegralNumber()
                    : BOOLEANS.contains(field) ? !value.isBoolean() : !value.isTextual()) {
                String type = INTEGERS.contains(field) ? "an integer" : BOOLEANS.contains(field) ? "a boolean"
                        : "a string";
                problems.add(field + " must be " + type + ", was " + Json.printable(value.toString(), 60));
            }
        }
    }

    private static void checkId(JsonNode body, String field, Set<Integer> known, List<String> problems) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !(value.canConvertToInt() && known.contains(value.asInt()))) {
            problems.add(field + " " + value + " is unknown");
        }
    }

    private static void error(HttpExchange ex, int code, String message, List<String> details) throws IOException {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("Code", code);
        answer.put("Message", message);
        ArrayNode d = answer.putArray("Details");
        details.forEach(d::add);
        LoopbackServer.send(ex, 500, Json.write(answer));
    }

    @Override
    public void close() {
        server.close();
    }
}
