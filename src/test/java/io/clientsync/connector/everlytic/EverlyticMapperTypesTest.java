package io.clientsync.connector.everlytic;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.clientsync.change.ClientChange;
import io.clientsync.support.Json;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.clientsync.testing.JsonTypes.NUMBER;
import static io.clientsync.testing.JsonTypes.STRING;
import static io.clientsync.testing.JsonTypes.assertTypes;
import static io.clientsync.testing.JsonTypes.written;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everlytic (VENDORS.md "everlytic"): the five vendor_fields are integers, every other field a string (the deleted
 * marks too), over REST (JSON) and over XML-RPC ({@code <int>} against {@code <string>}).
 */
class EverlyticMapperTypesTest {
    private static final List<String> TEXT = List.of("name", "email", "status", "address", "state_provinces",
            "postal_code", "telephone", "website_url", "country", "industry", "unique_id");
    private final EverlyticMapper mapper = new EverlyticMapper();

    private static Map<String, JsonNodeType> types() {
        Map<String, JsonNodeType> t = new LinkedHashMap<>();
        TEXT.forEach(f -> t.put(f, STRING));
        EverlyticMapper.INTEGER_FIELDS.forEach(f -> t.put(f, NUMBER));
        return t;
    }

    private static ClientChange everyField() throws Exception {
        return Json.MAPPER.readValue("{\"id\":\"007\",\"version\":1,\"name\":\"007 Holding\",\"email\":\"a@acme.dk\","
                + "\"phone\":\"0045 70\",\"website\":\"https://acme.dk\",\"status\":\"suspended\","
                + "\"industry\":\"Hospitality, Travel & Tourism\","
                + "\"address\":{\"line1\":\"Main 1\",\"line2\":\"Floor 2\",\"line3\":\"Door 3\",\"city\":\"Aarhus\","
                + "\"state\":\"Midt\",\"postal_code\":\"0800\",\"country\":\"DK\"},"
                + "\"vendor_fields\":{\"everlytic\":{\"email_package_id\":3,\"email_quota\":\"5000\",\"sms_quota\":0,"
                + "\"transactions_package_id\":\"007\",\"transactions_quota\":250}}}", ClientChange.class);
    }

    @Test
    void everyMappedFieldHasItsDocumentedTypeInTheMappingAndTheRequest() throws Exception {
        Map<String, Object> full = mapper.full(everyField(), Map.of());
        assertTypes(written(full), types());
        JsonNode request = written(EverlyticMapper.changed(full, Map.of())); // first delivery: every field
        assertTypes(request, types());
        assertThat(request.get("postal_code").textValue()).isEqualTo("0800");
        assertThat(request.get("telephone").textValue()).isEqualTo("0045 70");
        assertThat(request.get("unique_id").textValue()).isEqualTo("007");
        assertThat(request.get("transactions_package_id").intValue()).isEqualTo(7);
        assertThat(request.get("email_quota").intValue()).isEqualTo(5000);
    }

    @Test
    void aDeletedClientSendsItsMarksAsStrings() throws Exception {
        Map<String, Object> last = Json.MAPPER.readValue(Json.write(mapper.full(everyField(), Map.of())),
                new TypeReference<Map<String, Object>>() { }); // as the ledger gives it back
        ClientChange deleted = Json.MAPPER.readValue("{\"id\":\"007\",\"version\":2,\"deleted\":true}",
                ClientChange.class);
        Map<String, JsonNodeType> expected = types();
        expected.put("deleted", STRING);
        JsonNode body = written(mapper.full(deleted, last));
        assertTypes(body, expected);
        assertThat(body.get("status").textValue()).isEqualTo("deleted");
        assertThat(body.get("deleted").textValue()).isEqualTo("yes");
    }

    /** "" is not an integer (and could be read as a quota of 0): an emptied integer field is not sent. */
    @Test
    void anEmptiedTextIsAnEmptyStringAndAnEmptiedIntegerIsNotSent() {
        Map<String, Object> last = new LinkedHashMap<>(Map.of("name", "A", "email", "a@a.dk", "telephone", "1",
                "sms_quota", 5, "email_package_id", 3));
        Map<String, Object> full = new LinkedHashMap<>(Map.of("name", "A", "email", "a@a.dk"));
        JsonNode request = written(EverlyticMapper.changed(full, last));
        assertTypes(request, Map.of("name", STRING, "email", STRING, "telephone", STRING));
        assertThat(request.get("telephone").textValue()).isEmpty();
    }

    @Test
    void xmlRpcWritesTheIntegersAsIntAndEverythingElseAsString() throws Exception {
        Map<String, Object> request = EverlyticMapper.changed(mapper.full(everyField(), Map.of()), Map.of());
        Map<String, String> members = members(EverlyticXmlRpc.methodCall("UpdateCustomer", 9, request));
        Map<String, String> expected = new LinkedHashMap<>();
        TEXT.forEach(f -> expected.put(f, "string"));
        EverlyticMapper.INTEGER_FIELDS.forEach(f -> expected.put(f, "int"));
        assertThat(members).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /** struct member name -> the XML-RPC type element of its value. */
    private static Map<String, String> members(byte[] xml) throws Exception {
        NodeList list = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml)).getElementsByTagName("member");
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element member = (Element) list.item(i);
            String name = member.getElementsByTagName("name").item(0).getTextContent();
            Element value = (Element) member.getElementsByTagName("value").item(0);
            out.put(name, ((Element) value.getElementsByTagName("*").item(0)).getTagName());
        }
        return out;
    }
}
