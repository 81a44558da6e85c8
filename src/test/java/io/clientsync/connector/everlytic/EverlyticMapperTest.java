package io.clientsync.connector.everlytic;

import io.clientsync.change.Address;
import io.clientsync.change.ClientChange;
import io.clientsync.delivery.PermanentDeliveryException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mapper's rules that the feed's schema already guards (a country that is not two letters cannot reach a
 * route from a valid feed), checked directly, and the changed-fields rule.
 */
class EverlyticMapperTest {
    private final EverlyticMapper mapper = new EverlyticMapper();

    private static ClientChange change(String country, String industry, Map<String, Object> fields) {
        return new ClientChange("c-1", 1, false, "Acme", "a@acme.dk", null, null, null, null, null, null, null,
                null, null, "active", industry, null, null,
                new Address(null, "Main 1", null, null, "Aarhus", null, "8000", country), null, null,
                Map.of("everlytic", 9), fields == null ? null : Map.of("everlytic", fields), null, null);
    }

    @Test
    void aCountryThatIsNotTwoLettersIsRejectedNamingTheField() {
        for (String bad : List.of("DNK", "Denmark", "D1", "D")) {
            assertThatThrownBy(() -> mapper.full(change(bad, null, null), Map.of()))
                    .isInstanceOf(PermanentDeliveryException.class)
                    .hasMessageContaining("country").hasMessageContaining(bad)
                    .satisfies(e -> assertThat(((PermanentDeliveryException) e).reason()).isEqualTo("rejected"));
        }
        assertThat(mapper.full(change("dk", null, null), Map.of())).containsEntry("country", "DK");
    }

    @Test
    void everyOneOfTheNineteenIndustriesIsTakenAndNothingElse() {
        assertThat(EverlyticMapper.INDUSTRIES).hasSize(19);
        for (String industry : EverlyticMapper.INDUSTRIES) {
            assertThat(mapper.full(change("DK", industry, null), Map.of())).containsEntry("industry", industry);
        }
        for (String bad : List.of("Hospitality", "Travel & Tourism", "automotive", "Industry Trade & Manufacture")) {
            assertThatThrownBy(() -> mapper.full(change("DK", bad, null), Map.of()))
                    .hasMessageContaining("industry").hasMessageContaining(bad);
        }
    }

    @Test
    void quotasMustBeWholeNumbers() {
        for (String field : EverlyticMapper.INTEGER_FIELDS) {
            assertThat(mapper.full(change("DK", null, Map.of(field, "12")), Map.of())).containsEntry(field, 12);
            assertThat(mapper.full(change("DK", null, Map.of(field, 7)), Map.of())).containsEntry(field, 7);
            for (Object bad : List.of("12.0", 1.5, "lots", true, 9_999_999_999L)) {
                assertThatThrownBy(() -> mapper.full(change("DK", null, Map.of(field, bad)), Map.of()))
                        .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining(field);
            }
        }
    }

    @Test
    void changedKeepsNameAndEmailAndSendsEmptiedFieldsAsEmptyStrings() {
        Map<String, Object> last = new LinkedHashMap<>(Map.of("name", "Acme", "email", "a@acme.dk",
                "telephone", "1", "country", "DK", "sms_quota", 5));
        Map<String, Object> full = new LinkedHashMap<>(Map.of("name", "Acme", "email", "a@acme.dk",
                "country", "DK", "sms_quota", 6));
        assertThat(EverlyticMapper.changed(full, last)).containsExactlyInAnyOrderEntriesOf(Map.of("name", "Acme",
                "email", "a@acme.dk", "sms_quota", 6, "telephone", ""));
    }
}
