package io.clientsync.source;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceKindsTest {
    static Settings settings(Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void theFeedUnlessToldOtherwise() {
        assertThat(SourceKinds.enabled(settings(Map.of()))).containsExactly("feed");
        assertThat(SourceKinds.enabled(settings(Map.of("source.kinds", " feed ")))).containsExactly("feed");
    }

    @Test
    void anUnknownOrRepeatedKindNamesTheSetting() {
        assertThatThrownBy(() -> SourceKinds.enabled(settings(Map.of("source.kinds", "feed,kafka"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("source.kinds")
                .hasMessageContaining("unknown source kind 'kafka'");
        assertThatThrownBy(() -> SourceKinds.enabled(settings(Map.of("source.kinds", "feed,feed"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("names 'feed' twice");
    }

    @Test
    void theFeedKeepsItsCursorName() {
        assertThat(SourceKinds.cursorName("feed")).isEqualTo("clients");
        assertThat(SourceKinds.isPull("feed")).isTrue();
    }

    @Test
    void filesAreAPullSourceWithACursorOfTheirOwnName() {
        assertThat(SourceKinds.enabled(settings(Map.of("source.kinds", "feed,file")))).containsExactly("feed", "file");
        assertThat(SourceKinds.isPull("file")).isTrue();
        assertThat(SourceKinds.cursorName("file")).isEqualTo("file");
    }
}
