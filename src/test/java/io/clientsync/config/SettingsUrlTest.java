package io.clientsync.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsUrlTest {
    private static Settings with(String url) {
        Map<String, String> values = Map.of("source.url", url);
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void aPlainUrlIsTaken() {
        assertThat(with("https://feed.example/changes").url("source.url").getPath()).isEqualTo("/changes");
        assertThat(with("http://127.0.0.1:8080/v1").url("source.url").getPort()).isEqualTo(8080);
    }

    /** The route files put endpoint options after the URL, and each request sets its own query. */
    @Test
    void aQueryOrFragmentIsRefusedNamingTheSetting() {
        for (String url : new String[] {"https://feed.example/changes?tenant=1", "https://feed.example/changes#x"}) {
            assertThatThrownBy(() -> with(url).url("source.url")).as(url)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("source.url").hasMessageContaining("must not carry a query or fragment");
        }
    }
}
