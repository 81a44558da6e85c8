package io.clientsync.connector.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.clientsync.change.ClientChange;
import io.clientsync.delivery.DeliveryKeys;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.support.Json;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.clientsync.testing.JsonTypes.BOOLEAN;
import static io.clientsync.testing.JsonTypes.NULL;
import static io.clientsync.testing.JsonTypes.NUMBER;
import static io.clientsync.testing.JsonTypes.STRING;
import static io.clientsync.testing.JsonTypes.assertTypes;
import static io.clientsync.testing.JsonTypes.written;
import static io.clientsync.connector.timelog.TimeLogLookups.Kind.COUNTRY;
import static io.clientsync.connector.timelog.TimeLogLookups.Kind.CURRENCY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every field of TimeLog's customer model goes out with the JSON type VENDORS.md ("timelog") gives it. */
class TimeLogMapperTypesTest {
    /** VENDORS.md: ids and TimeLog's own numbers are integers, UseInvoicingAddress a boolean, CreditorID a string. */
    private static final Map<String, JsonNodeType> TYPES = types();

    // the codes come from static maps, so no lookup list is ever read (the base URL is never called)
    private final TimeLogMapper mapper = new TimeLogMapper(new TimeLogLookups("http://127.0.0.1:9/none",
            Map.of(COUNTRY, "country/get-all", CURRENCY, "currency/active"),
            Map.of(COUNTRY, Map.of("DK", 45, "SE", 46), CURRENCY, Map.of("DKK", 3)), new TimeLogAuth("t"),
            Duration.ofMinutes(1), Duration.ofSeconds(1), Clock.systemUTC(), () -> null),
            Map.of("active", 1), Map.of("Automotive", 9));

    private static Map<String, JsonNodeType> types() {
        Map<String, JsonNodeType> t = new LinkedHashMap<>();
        t.put("CustomerID", NUMBER);
        for (String s : List.of("Name", "NickName", "CustomerNo", "Email", "Phone", "Fax", "Website", "Address",
                "Address2", "Address3", "ZipCode", "City", "State")) {
            t.put(s, STRING);
        }
        t.put("CountryID", NUMBER);
        t.put("CurrencyID", NUMBER);
        t.put("VatNo", STRING);
        t.put("OrganizationNo", STRING);
        t.put("CustomerSince", STRING);
        t.put("CustomerStatusID", NUMBER);
        t.put("IndustryID", NUMBER);
        t.put("UseInvoicingAddress", BOOLEAN);
        for (String s : List.of("InvoicingName", "InvoicingAddress", "InvoicingAddress2", "InvoicingAddress3",
                "InvoicingAddressZipCode", "InvoicingAddressCity", "InvoicingAddressState")) {
            t.put(s, STRING);
        }
        t.put("InvoicingAddressCountryID", NUMBER);
        t.put("PrimaryKAMID", NUMBER);
        t.put("SecondaryKAMID", NUMBER);
        t.put("CreditorID", STRING);
        return Map.copyOf(t);
    }

    private JsonNode mapped(String changeJson) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(Json.MAPPER.readValue(changeJson, ClientChange.class));
        exchange.setProperty(DeliveryKeys.VENDOR_ID, "42");
        mapper.map(exchange);
        return written(exchange.getIn().getBody()); // as DeliveryGate.compare writes the payload that is sent
    }

    private static String withTimeLogFields(String fields) {
        return "{\"id\":\"c-1\",\"version\":1,\"name\":\"Acme\",\"vendor_fields\":{\"timelog\":" + fields + "}}";
    }

    @Test
    void everyMappedFieldHasItsDocumentedTypeAndDigitStringsKeepTheirZeros() throws Exception {
        JsonNode body = mapped("{\"id\":\"c-1\",\"version\":1,\"name\":\"Acme\",\"nickname\":\"Ac\","
                + "\"customer_no\":\"000123\",\"email\":\"a@acme.dk\",\"phone\":\"0045 70\",\"fax\":\"0045 71\","
                + "\"website\":\"https://acme.dk\",\"vat_no\":\"DK0012\",\"organization_no\":\"0099\","
                + "\"status\":\"active\",\"industry\":\"Automotive\",\"currency\":\"DKK\","
                + "\"customer_since\":\"2019-04-01\","
                + "\"address\":{\"line1\":\"Main 1\",\"line2\":\"Floor 2\",\"line3\":\"Door 3\",\"city\":\"Aarhus\","
                + "\"state\":\"Midt\",\"postal_code\":\"0800\",\"country\":\"DK\"},"
                + "\"billing_address\":{\"name\":\"Acme Billing\",\"line1\":\"Box 7\",\"line2\":\"B\",\"line3\":\"C\","
                + "\"city\":\"Malmo\",\"state\":\"Skane\",\"postal_code\":\"01234\",\"country\":\"SE\"},"
                + "\"vendor_fields\":{\"timelog\":{\"PrimaryKAMID\":12,\"SecondaryKAMID\":\"34\","
                + "\"CreditorID\":\"000123\"}}}");
        assertTypes(body, TYPES);
        assertThat(body.get("CreditorID").textValue()).isEqualTo("000123");
        assertThat(body.get("CustomerNo").textValue()).isEqualTo("000123");
        assertThat(body.get("ZipCode").textValue()).isEqualTo("0800");
        assertThat(body.get("InvoicingAddressZipCode").textValue()).isEqualTo("01234");
        assertThat(body.get("OrganizationNo").textValue()).isEqualTo("0099");
        assertThat(body.get("Phone").textValue()).isEqualTo("0045 70");
        assertThat(body.get("CustomerID").longValue()).isEqualTo(42);
        assertThat(body.get("PrimaryKAMID").longValue()).isEqualTo(12);
        assertThat(body.get("SecondaryKAMID").longValue()).isEqualTo(34);
        assertThat(body.get("CountryID").intValue()).isEqualTo(45);
        assertThat(body.get("InvoicingAddressCountryID").intValue()).isEqualTo(46);
        assertThat(body.get("UseInvoicingAddress").booleanValue()).isTrue();
        assertThat(body.get("CustomerSince").textValue()).isEqualTo("2019-04-01T00:00:00");
    }

    @Test
    void aSparseChangeSendsEveryFieldAsNullButTheIdTheNameAndTheFlag() throws Exception {
        JsonNode body = mapped("{\"id\":\"c-1\",\"version\":1,\"name\":\"Acme\"}");
        Map<String, JsonNodeType> nulls = new LinkedHashMap<>();
        TYPES.keySet().forEach(field -> nulls.put(field, NULL));
        nulls.put("CustomerID", NUMBER);
        nulls.put("Name", STRING);
        nulls.put("UseInvoicingAddress", BOOLEAN);
        assertTypes(body, nulls);
        assertThat(body.get("UseInvoicingAddress").booleanValue()).isFalse();
    }

    @Test
    void creditorIdGoesOutAsTheStringItCameInAndANumberAsItsDecimalString() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("\"CR-1001\"", "CR-1001");
        cases.put("\"000123\"", "000123");
        cases.put("\" 0012 \"", " 0012 "); // as it came, not trimmed
        cases.put("77", "77");
        cases.put("0", "0");
        cases.put("9007199254740993", "9007199254740993");
        cases.put("123456789012345678901234", "123456789012345678901234");
        cases.put("1e3", "1000");
        cases.put("12.5", "12.5");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode creditor = mapped(withTimeLogFields("{\"CreditorID\":" + c.getKey() + "}")).get("CreditorID");
            assertThat(creditor.isTextual()).as("CreditorID %s is a string: %s", c.getKey(), creditor).isTrue();
            assertThat(creditor.textValue()).as("CreditorID %s", c.getKey()).isEqualTo(c.getValue());
        }
        for (String none : List.of("null", "\"\"", "\"  \"")) {
            assertThat(mapped(withTimeLogFields("{\"CreditorID\":" + none + "}")).get("CreditorID").isNull())
                    .as("CreditorID %s", none).isTrue();
        }
    }

    @Test
    void aCreditorIdThatIsNeitherStringNorNumberIsRefusedNamingTheField() {
        for (String bad : List.of("true", "{\"id\":1}", "[\"CR-1\"]")) {
            assertThatThrownBy(() -> mapped(withTimeLogFields("{\"CreditorID\":" + bad + "}")))
                    .isInstanceOf(PermanentDeliveryException.class)
                    .hasMessageContaining("vendor_fields.timelog.CreditorID")
                    .satisfies(e -> assertThat(((PermanentDeliveryException) e).reason()).isEqualTo("rejected"));
        }
    }

    @Test
    void kamIdsStayIntegersAndAreRefusedOtherwise() throws Exception {
        JsonNode body = mapped(withTimeLogFields("{\"PrimaryKAMID\":\"0012\",\"SecondaryKAMID\":7}"));
        assertThat(body.get("PrimaryKAMID").isIntegralNumber()).isTrue();
        assertThat(body.get("PrimaryKAMID").longValue()).isEqualTo(12);
        assertThat(body.get("SecondaryKAMID").isIntegralNumber()).isTrue();
        for (String field : List.of("PrimaryKAMID", "SecondaryKAMID")) {
            for (String bad : List.of("\"CR-1001\"", "1.5", "true")) {
                assertThatThrownBy(() -> mapped(withTimeLogFields("{\"" + field + "\":" + bad + "}")))
                        .isInstanceOf(PermanentDeliveryException.class)
                        .hasMessageContaining("vendor_fields.timelog." + field);
            }
        }
    }
}
