package io.clientsync.change;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageReaderTest {
    private final PageReader reader = new PageReader(new ChangeValidator(), 10_000);

    private FeedPage read(String json) {
        return reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keepsTheHighestVersionOfEachClientInFeedOrder() {
        FeedPage page = read("{\"changes\":[{\"id\":\"a\",\"version\":2,\"name\":\"A2\"},"
                + "{\"id\":\"b\",\"version\":1,\"name\":\"B\"},{\"id\":\"a\",\"version\":5,\"name\":\"A5\"},"
                + "{\"id\":\"a\",\"version\":3,\"name\":\"A3\"}],\"next_cursor\":\"n\",\"has_more\":true}");
        assertThat(page.changes()).extracting(ClientChange::id, ClientChange::version, ClientChange::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 5L, "A5"),
                        org.assertj.core.groups.Tuple.tuple("b", 1L, "B"));
        assertThat(page.superseded()).isEqualTo(2);
        assertThat(page.received()).isEqualTo(4);
        assertThat(page.nextCursor()).isEqualTo("n");
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void anInvalidChangeIsSetAsideWithTheValidatorsMessage() {
        FeedPage page = read("{\"changes\":[{\"id\":\"ok\",\"version\":1,\"name\":\"Ok\"},"
                + "{\"id\":\"x\",\"version\":1,\"name\":\"X\",\"address\":{\"country\":\"dk\"}},"
                + "{\"id\":\"y\",\"version\":1,\"name\":\"Y\",\"currency\":\"euro\"},"
                + "{\"id\":\"z\",\"version\":1,\"name\":\"Z\",\"customer_since\":\"2020-13-45\"},"
                + "{\"id\":\"d\",\"version\":1,\"deleted\":true}],"
                + "\"next_cursor\":null,\"has_more\":false}");
        assertThat(page.changes()).extracting(ClientChange::id).containsExactly("ok", "d");
        assertThat(page.invalid()).extracting(InvalidChange::clientId).containsExactly("x", "y", "z");
        assertThat(page.invalid().get(0).message()).contains("$.address.country");
        assertThat(page.invalid().get(1).message()).contains("$.currency");
        assertThat(page.invalid().get(2).message()).contains("$.customer_since");
    }

    @Test
    void aPageThatIsNotAFeedPageIsRefusedWithAClearError() {
        assertThatThrownBy(() -> read("not json")).isInstanceOf(SourcePageException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> read("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> read("{\"changes\":{},\"has_more\":false}")).hasMessageContaining("'changes'");
        assertThatThrownBy(() -> read("{\"changes\":[],\"has_more\":\"no\"}")).hasMessageContaining("'has_more'");
        assertThatThrownBy(() -> read("{\"changes\":[],\"has_more\":true}")).hasMessageContaining("next_cursor");
    }

    @Test
    void aPageOverTheSizeCapIsRefusedBeforeItIsHeld() {
        String big = "{\"changes\":[{\"id\":\"a\",\"version\":1,\"name\":\"" + "x".repeat(20_000)
                + "\"}],\"has_more\":false}";
        assertThatThrownBy(() -> read(big)).isInstanceOf(SourcePageException.class)
                .hasMessageContaining("source.max-page-bytes");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "{\"changes\":[" + "[".repeat(100) + "]".repeat(100) + "],\"has_more\":false}";
        assertThatThrownBy(() -> read(deep)).isInstanceOf(SourcePageException.class)
                .hasMessageContaining("nesting");
    }
}
