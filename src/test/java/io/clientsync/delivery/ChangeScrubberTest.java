package io.clientsync.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.support.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The text pre-check never misses a field that the tree walk calls secret (it may only say "maybe" more often). */
class ChangeScrubberTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"a\",\"contacts\":[{\"id\":\"p\",\"portal_password\":\"x\"}]}",
        "{\"id\":\"a\",\"vendor_fields\":{\"fatora\":{\"API_KEY\":\"x\"}}}",
        "{\"id\":\"a\",\"vendor_fields\":{\"x\":{\"ApiKey\":\"x\"}}}",
        "{\"id\":\"a\",\"vendor_fields\":{\"x\":{\"sessionToken\":1}}}",
        "{\"id\":\"a\",\"vendor_fields\":{\"x\":{\"my_Secret\":null}}}",
        "{\"id\":\"a\",\"name\":\"plain\"}",
        "{\"id\":\"a\",\"name\":\"a password in a value is only a maybe\"}"})
    void thePreCheckSaysMaybeWheneverTheWalkFindsASecret(String json) throws Exception {
        JsonNode node = Json.MAPPER.readTree(json);
        String written = Json.write(node);
        if (ChangeScrubber.hasSecret(node)) {
            assertThat(ChangeScrubber.mayHaveSecret(written)).as(written).isTrue();
        }
        assertThat(ChangeScrubber.mayHaveSecret(written)).as(written)
                .isEqualTo(written.toLowerCase(java.util.Locale.ROOT).matches(".*(password|secret|token|api_key|apikey).*"));
    }
}
