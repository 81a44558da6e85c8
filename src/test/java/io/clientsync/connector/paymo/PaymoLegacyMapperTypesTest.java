package io.clientsync.connector.paymo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.clientsync.change.ClientChange;
import io.clientsync.support.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.clientsync.testing.JsonTypes.STRING;
import static io.clientsync.testing.JsonTypes.assertTypes;
import static io.clientsync.testing.JsonTypes.written;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * paymo.clients.update takes a form, so every field VENDORS.md ("paymo") names is text: the mapping the ledger keeps
 * (JSON) holds only strings, and the form carries each value as it came, leading zeros included.
 */
class PaymoLegacyMapperTypesTest {
    private static final List<String> FIELDS = List.of("name", "address", "city", "state", "postal_code", "country",
            "phone", "fax", "email", "website", "contact_name", "contact_email", "contact_mobile", "contact_phone",
            "contact_fax");
    private final PaymoLegacyMapper mapper = new PaymoLegacyMapper();

    private static Map<String, JsonNodeType> allStrings() {
        Map<String, JsonNodeType> types = new LinkedHashMap<>();
        FIELDS.forEach(f -> types.put(f, STRING));
        return types;
    }

    @Test
    void everyMappedFieldIsTextAndKeepsItsLeadingZeros() throws Exception {
        ClientChange change = Json.MAPPER.readValue("{\"id\":\"c-1\",\"version\":1,\"name\":\"007 Holding\","
                + "\"email\":\"a@acme.dk\",\"phone\":\"0045 70\",\"fax\":\"0045 71\",\"website\":\"https://acme.dk\","
                + "\"address\":{\"line1\":\"Main 1\",\"line2\":\"Floor 2\",\"line3\":\"Door 3\",\"city\":\"Oslo\","
                + "\"state\":\"Oslo\",\"postal_code\":\"0150\",\"country\":\"NO\"},"
                + "\"contacts\":[{\"id\":\"p-1\",\"name\":\"Ann\",\"email\":\"ann@acme.dk\",\"mobile\":\"0047 1\","
                + "\"phone\":\"0047 2\",\"fax\":\"0047 3\",\"is_main\":true}]}", ClientChange.class);
        Map<String, String> mapping = mapper.map(change);
        JsonNode body = written(mapping);
        assertTypes(body, allStrings());
        assertThat(body.get("postal_code").textValue()).isEqualTo("0150");
        assertThat(body.get("contact_mobile").textValue()).isEqualTo("0047 1");
        assertThat(body.get("address").textValue()).isEqualTo("Main 1, Floor 2, Door 3");

        String form = PaymoForm.encode(PaymoLegacyMapper.diff(null, PaymoLegacyMapper.read(Json.write(mapping))));
        assertThat(form).contains("postal_code=0150").contains("phone=0045+70").contains("name=007+Holding")
                .contains("contact_fax=0047+3");
    }

    @Test
    void anEmptiedFieldIsSentAsAnEmptyValue() {
        Map<String, String> before = new LinkedHashMap<>(Map.of("name", "A", "postal_code", "0150"));
        Map<String, String> now = new LinkedHashMap<>(Map.of("name", "A"));
        Map<String, String> sent = PaymoLegacyMapper.diff(before, now);
        assertThat(written(sent).get("postal_code").isTextual()).isTrue();
        assertThat(PaymoForm.encode(sent)).isEqualTo("postal_code=");
    }
}
