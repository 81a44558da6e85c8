package io.clientsync.connector.fatora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.clientsync.change.ClientChange;
import io.clientsync.state.LedgerEntry;
import io.clientsync.support.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.clientsync.testing.JsonTypes.STRING;
import static io.clientsync.testing.JsonTypes.assertTypes;
import static io.clientsync.testing.JsonTypes.written;
import static org.assertj.core.api.Assertions.assertThat;

/** Every field of Fatora's client body goes out as VENDORS.md ("fatora") gives it: all five are strings. */
class FatoraMapperTypesTest {
    private static final Map<String, JsonNodeType> TYPES = Map.of("name", STRING, "email", STRING, "phone", STRING,
            "address", STRING, "notes", STRING);
    private final FatoraMapper mapper = new FatoraMapper();

    private static ClientChange change(String json) throws Exception {
        return Json.MAPPER.readValue(json, ClientChange.class);
    }

    @Test
    void everyMappedFieldIsAStringAndDigitsKeepTheirZeros() throws Exception {
        JsonNode body = written(mapper.map(change("{\"id\":\"c-1\",\"version\":1,\"name\":\"007 Holding\","
                + "\"email\":\"a@acme.dk\",\"phone\":\"0045 70 00 00 01\",\"notes\":\"0001\","
                + "\"address\":{\"line1\":\"Main 1\",\"line2\":\"Floor 2\",\"line3\":\"Door 3\",\"city\":\"Oslo\","
                + "\"state\":\"Oslo\",\"postal_code\":\"0150\",\"country\":\"NO\"}}"), null));
        assertTypes(body, TYPES);
        assertThat(body.get("name").textValue()).isEqualTo("007 Holding");
        assertThat(body.get("phone").textValue()).isEqualTo("0045 70 00 00 01");
        assertThat(body.get("notes").textValue()).isEqualTo("0001");
        assertThat(body.get("address").textValue()).isEqualTo("Main 1, Floor 2, Door 3, Oslo, Oslo, 0150, NO");
    }

    @Test
    void fieldsEmptiedSinceTheLastDeliveryAreEmptyStringsNotNulls() throws Exception {
        LedgerEntry last = new LedgerEntry("fatora", "c-1", 1, "{\"name\":\"Acme\",\"email\":\"a@acme.dk\","
                + "\"phone\":\"1\",\"address\":\"Main 1\",\"notes\":\"n\"}", null);
        JsonNode body = written(mapper.map(change("{\"id\":\"c-1\",\"version\":2,\"name\":\"Acme\","
                + "\"email\":\"a@acme.dk\"}"), last));
        assertTypes(body, TYPES);
        assertThat(body.get("phone").textValue()).isEmpty();
        assertThat(body.get("address").textValue()).isEmpty();
        assertThat(body.get("notes").textValue()).isEmpty();
    }
}
