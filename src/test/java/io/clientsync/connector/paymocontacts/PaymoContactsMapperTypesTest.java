package io.clientsync.connector.paymocontacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.clientsync.change.Contact;
import io.clientsync.support.Json;
import io.clientsync.support.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.clientsync.testing.JsonTypes.BOOLEAN;
import static io.clientsync.testing.JsonTypes.NUMBER;
import static io.clientsync.testing.JsonTypes.STRING;
import static io.clientsync.testing.JsonTypes.assertTypes;
import static io.clientsync.testing.JsonTypes.read;
import static io.clientsync.testing.JsonTypes.written;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paymo v3 client contacts (VENDORS.md "paymo-contacts"): the bodies {@link PaymoContactsRequest} sends carry
 * {@code client_id} as an integer (an id), the text fields as strings, {@code is_main} and {@code access} as
 * booleans.
 */
class PaymoContactsMapperTypesTest {
    private static final List<String> TEXT = List.of("name", "email", "mobile", "phone", "fax", "skype", "position",
            "notes");
    private final PaymoContactsRequest request = new PaymoContactsRequest("key",
            new PaymoImageFetcher(1024, Duration.ofSeconds(1)), new PaymoRateLimits(Duration.ofSeconds(1)));

    private static Contact everyField() throws Exception {
        return Json.MAPPER.readValue("{\"id\":\"p-1\",\"name\":\"007 Ann\",\"email\":\"ann@acme.dk\","
                + "\"mobile\":\"0047 1\",\"phone\":\"0047 2\",\"fax\":\"0047 3\",\"skype\":\"ann.007\","
                + "\"position\":\"CFO\",\"notes\":\"0001\",\"is_main\":true,\"portal_access\":true,"
                + "\"image_url\":\"https://img.example/a.png\"}", Contact.class);
    }

    private static Map<String, JsonNodeType> types(Map<String, JsonNodeType> extra) {
        Map<String, JsonNodeType> t = new LinkedHashMap<>();
        TEXT.forEach(f -> t.put(f, STRING));
        t.put("is_main", BOOLEAN);
        t.putAll(extra);
        return t;
    }

    /** The body the request step puts on the exchange for this op of this plan. */
    private JsonNode sent(ContactPlan plan, ContactOp op) {
        plan.add(op);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(PaymoContactsPlanner.PLAN, plan);
        request.prepare(exchange);
        return read(exchange.getIn().getBody(String.class));
    }

    @Test
    void theMappingTheLedgerKeepsHasTheDocumentedTypes() throws Exception {
        JsonNode mapped = written(PaymoContactsMapper.fields(everyField()));
        assertTypes(mapped, types(Map.of("access", BOOLEAN, "image_url", STRING)));
        assertThat(mapped.get("notes").textValue()).isEqualTo("0001");
        assertThat(mapped.get("mobile").textValue()).isEqualTo("0047 1");
    }

    @Test
    void aCreateSendsTheClientIdAsAnIntegerTextAsStringsAndIsMainAsABoolean() throws Exception {
        Map<String, Map<String, Object>> contacts = Map.of("p-1", PaymoContactsMapper.fields(everyField()));
        ContactPlan plan = new ContactPlan("c-1", "0301", new LinkedHashMap<>(), contacts);
        Map<String, Object> create = PaymoContactsPlanner.createFields(plan, "p-1", contacts.get("p-1"));
        JsonNode body = sent(plan, new ContactOp(ContactOp.Kind.CREATE, "p-1", create, null, null));
        assertTypes(body, types(Map.of("client_id", NUMBER)));
        assertThat(body.get("client_id").longValue()).isEqualTo(301);
        assertThat(body.get("name").textValue()).isEqualTo("007 Ann");
        assertThat(body.get("phone").textValue()).isEqualTo("0047 2");
    }

    @Test
    void anUpdateSendsEmptiedTextAsEmptyStringsEmptiedIsMainAsFalseAndAccessAsABoolean() throws Exception {
        Map<String, Object> before = PaymoContactsMapper.fields(everyField());
        Map<String, Object> now = new LinkedHashMap<>(Map.of("name", "007 Ann", "access", true));
        Map<String, Object> changed = PaymoContactsPlanner.changedFields("p-1", now, before);
        changed.put(PaymoContactsMapper.ACCESS, true); // as the planner adds it when access turns on
        ContactPlan plan = new ContactPlan("c-1", "301", new LinkedHashMap<>(Map.of("p-1", "501")),
                Map.of("p-1", now));
        String password = "Pw-0012-secret";
        Secrets.register(password);
        JsonNode body = sent(plan, new ContactOp(ContactOp.Kind.UPDATE, "p-1", changed, password, null));
        Map<String, JsonNodeType> expected = types(Map.of("access", BOOLEAN, "password", STRING));
        expected.remove("name"); // unchanged: not sent
        assertTypes(body, expected);
        assertThat(body.get("is_main").booleanValue()).isFalse();
        assertThat(body.get("email").textValue()).isEmpty();
        assertThat(body.get("access").booleanValue()).isTrue();
    }
}
