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

    /** A large page is read on several threads: the result is the same as reading it in order. */
    @Test
    void aLargePageKeepsFeedOrderLatestVersionsAndInvalidChanges() {
        StringBuilder json = new StringBuilder("{\"changes\":[");
        int n = PageReader.PARALLEL_FROM * 4;
        for (int i = 0; i < n; i++) {
            int client = i % (n / 2); // every client twice; the second time a higher version, except for client 0
            long version = client == 0 ? (i == 0 ? 10 : 5) : 1 + i;
            json.append(i == 0 ? "" : ",").append(i == 7 ? "{\"id\":\"bad id\",\"version\":1}"
                    : "{\"id\":\"c" + client + "\",\"version\":" + version + ",\"name\":\"v" + version + "\"}");
        }
        FeedPage page = new PageReader(new ChangeValidator(), 1 << 20).read(new ByteArrayInputStream(
                json.append("],\"has_more\":false}").toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(page.invalid()).extracting(InvalidChange::clientId).containsExactly("bad id");
        // feed order is the order of each client's first valid change: c7's first one was invalid
        java.util.List<Integer> order = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, n / 2).boxed()
                .filter(c -> c != 7).toList());
        order.add(7);
        assertThat(page.changes()).hasSize(n / 2);
        for (int at = 0; at < order.size(); at++) {
            int client = order.get(at);
            ClientChange change = page.changes().get(at);
            assertThat(change.id()).isEqualTo("c" + client);
            long expected = client == 0 ? 10 : 1 + client + n / 2;
            assertThat(change.version()).as("client %s", client).isEqualTo(expected);
            assertThat(change.name()).isEqualTo("v" + expected);
        }
        assertThat(page.superseded()).isEqualTo(n / 2 - 1); // c7's first change was the invalid one
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
    void aNameIsRequiredUnlessTheChangeIsADelete() {
        FeedPage page = read("{\"changes\":[{\"id\":\"named\",\"version\":1,\"name\":\"N\"},"
                + "{\"id\":\"gone\",\"version\":1,\"deleted\":true},"
                + "{\"id\":\"gone-named\",\"version\":1,\"deleted\":true,\"name\":\"G\"},"
                + "{\"id\":\"kept-named\",\"version\":1,\"deleted\":false,\"name\":\"K\"},"
                + "{\"id\":\"nameless\",\"version\":1},"
                + "{\"id\":\"kept-nameless\",\"version\":1,\"deleted\":false},"
                + "{\"id\":\"odd-delete\",\"version\":1,\"deleted\":\"yes\"}],"
                + "\"next_cursor\":null,\"has_more\":false}");
        assertThat(page.changes()).extracting(ClientChange::id)
                .containsExactly("named", "gone", "gone-named", "kept-named");
        assertThat(page.invalid()).extracting(InvalidChange::clientId)
                .containsExactly("nameless", "kept-nameless", "odd-delete");
        assertThat(page.invalid().get(0).message()).isEqualTo("$: required property 'name' not found");
        assertThat(page.invalid().get(1).message()).isEqualTo("$: required property 'name' not found");
        assertThat(page.invalid().get(2).message()).contains("$.deleted").contains("'name'");
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
    void whatIsWrongWithAPageThatIsNotJsonNamesThePlaceButQuotesNothingOfIt() {
        // Jackson's own message quotes the token it stopped at: here a password written without quotes
        assertThatThrownBy(() -> read("{\"changes\":[{\"id\":\"a\",\n\"portal_password\": hunter2-s3cr3t}]}"))
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 2")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> read("{\"changes\":[{\"token\": Xs3cr3t}]}"))
                .hasMessageContaining("not valid JSON").hasMessageNotContaining("Xs3cr3t")
                .hasMessageNotContaining("'X'");
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
