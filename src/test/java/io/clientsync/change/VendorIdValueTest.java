package io.clientsync.change;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VendorIdValueTest {

    private static Map<String, Object> ids(Object value) {
        Map<String, Object> ids = new HashMap<>();
        ids.put("fatora", value);
        return ids;
    }

    @Test
    void aPositiveIntegerOrAStringOfUpTo15DigitsGoesIntoTheUrl() {
        assertThat(VendorIdValue.of(ids(42), "fatora")).contains("42");
        assertThat(VendorIdValue.of(ids("007"), "fatora")).contains("007");
        assertThat(VendorIdValue.of(ids("999999999999999"), "fatora")).contains("999999999999999");
        assertThat(VendorIdValue.of(ids(null), "fatora")).isEmpty();
        assertThat(VendorIdValue.of(null, "fatora")).isEmpty();
        assertThat(VendorIdValue.of(ids(1), "paymo")).isEmpty();
    }

    @Test
    void anythingElseIsRefusedWithTheVendorNamed() {
        for (Object bad : new Object[] {0, -1, "0", "", " 1", "1.5", "1e3", "12a", "\uFF11\uFF12", "1/../2",
                "1234567890123456", 1.5}) {
            assertThatThrownBy(() -> VendorIdValue.of(ids(bad), "fatora")).as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("vendor_ids.fatora must be a positive integer");
        }
    }
}
