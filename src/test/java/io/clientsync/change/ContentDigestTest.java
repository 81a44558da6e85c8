package io.clientsync.change;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.support.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDigestTest {

    private static byte[] digest(String json) throws Exception {
        return ContentDigest.of((ObjectNode) Json.MAPPER.readTree(json));
    }

    @Test
    void theVersionIsNotContentButEveryOtherFieldIs() throws Exception {
        byte[] v1 = digest("{\"id\":\"c1\",\"version\":1,\"name\":\"A\",\"address\":{\"city\":\"Aarhus\"}}");
        assertThat(digest("{\"id\":\"c1\",\"version\":9,\"name\":\"A\",\"address\":{\"city\":\"Aarhus\"}}"))
                .isEqualTo(v1).hasSize(32);
        assertThat(digest("{\"id\":\"c1\",\"version\":1,\"name\":\"B\",\"address\":{\"city\":\"Aarhus\"}}"))
                .isNotEqualTo(v1);
        assertThat(digest("{\"id\":\"c1\",\"version\":1,\"name\":\"A\",\"address\":{\"city\":\"Odense\"}}"))
                .as("nested fields count").isNotEqualTo(v1);
        assertThat(digest("{\"id\":\"c1\",\"version\":1,\"name\":\"A\",\"address\":{\"city\":\"Aarhus\"},"
                + "\"x-extra\":1}")).as("so do fields the mappers do not read").isNotEqualTo(v1);
        assertThat(digest("{\"id\":\"c1\",\"version\":1,\"name\":null,\"address\":{\"city\":\"Aarhus\"}}"))
                .as("null is not the same as absent or a value").isNotEqualTo(v1)
                .isNotEqualTo(digest("{\"id\":\"c1\",\"version\":1,\"address\":{\"city\":\"Aarhus\"}}"));
    }

    @Test
    void typesAndStructureAreContentToo() throws Exception {
        assertThat(digest("{\"id\":\"c1\",\"x\":5}")).isNotEqualTo(digest("{\"id\":\"c1\",\"x\":\"5\"}"));
        assertThat(digest("{\"id\":\"c1\",\"x\":true}")).isNotEqualTo(digest("{\"id\":\"c1\",\"x\":\"true\"}"));
        assertThat(digest("{\"id\":\"c1\",\"x\":[1,2]}")).isNotEqualTo(digest("{\"id\":\"c1\",\"x\":[2,1]}"));
        assertThat(digest("{\"id\":\"c1\",\"x\":{\"a\":\"b\"}}"))
                .isNotEqualTo(digest("{\"id\":\"c1\",\"x\":[\"a\",\"b\"]}"));
        assertThat(digest("{\"id\":\"c1\",\"x\":\"ab\",\"y\":\"c\"}"))
                .as("where one string ends is content").isNotEqualTo(digest("{\"id\":\"c1\",\"x\":\"a\",\"y\":\"bc\"}"));
        assertThat(digest("{\"id\":\"c1\",\"x\":\"\u00e6\u00f8\"}"))
                .isNotEqualTo(digest("{\"id\":\"c1\",\"x\":\"\u00e6\u00e5\"}"));
    }

    @Test
    void aChangeReadFromAPageCarriesItsDigest() {
        PageReader reader = new PageReader(new ChangeValidator(), 1 << 20);
        FeedPage page = reader.read(new java.io.ByteArrayInputStream(("{\"changes\":[{\"id\":\"c1\",\"version\":3,"
                + "\"name\":\"A\"}],\"has_more\":false}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(page.changes().get(0).contentDigest()).isNotNull().hasSize(32);
    }
}
