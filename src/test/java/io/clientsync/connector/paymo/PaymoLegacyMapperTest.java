package io.clientsync.connector.paymo;

import io.clientsync.change.ClientChange;
import io.clientsync.delivery.PermanentDeliveryException;
import io.clientsync.support.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapper's own rules, below the feed validator: a blank name is never sent, the diff. */
class PaymoLegacyMapperTest {
    private final PaymoLegacyMapper mapper = new PaymoLegacyMapper();

    @Test
    void aBlankNameIsRejectedBeforeAnyCall() throws Exception {
        ClientChange change = Json.MAPPER.readValue("{\"id\":\"c\",\"version\":1,\"name\":\" \"}", ClientChange.class);
        assertThatThrownBy(() -> mapper.map(change)).isInstanceOf(PermanentDeliveryException.class)
                .matches(e -> ((PermanentDeliveryException) e).reason().equals("rejected"));
    }

    @Test
    void theDiffSendsChangedAndEmptiedFieldsButNeverABlankName() {
        Map<String, String> before = new LinkedHashMap<>(Map.of("name", "A", "phone", "1", "fax", "2"));
        Map<String, String> now = new LinkedHashMap<>(Map.of("name", "A", "phone", "3", "email", "e@x.dk"));
        assertThat(PaymoLegacyMapper.diff(before, now)).containsExactlyInAnyOrderEntriesOf(
                Map.of("phone", "3", "email", "e@x.dk", "fax", ""));
        assertThat(PaymoLegacyMapper.diff(null, now)).isEqualTo(now);
        Map<String, String> nameless = new LinkedHashMap<>(Map.of("phone", "3"));
        assertThatThrownBy(() -> PaymoLegacyMapper.diff(before, nameless))
                .isInstanceOf(PermanentDeliveryException.class);
    }
}
