package io.clientsync.testing;

import com.github.tomakehurst.wiremock.WireMockServer;

import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** Serves a source feed from WireMock: pages of change documents, cursors "p1", "p2", ... */
public final class FeedStub {
    public static final String PATH = "/changes";

    private FeedStub() {
    }

    /** Stubs one page per list; the last page says has_more false. Returns the feed URL. */
    public static String pages(WireMockServer server, List<List<String>> pages) {
        for (int i = 0; i < pages.size(); i++) {
            boolean last = i == pages.size() - 1;
            String body = "{\"changes\":[" + String.join(",", pages.get(i)) + "],\"next_cursor\":\"p" + (i + 1)
                    + "\",\"has_more\":" + !last + "}";
            var request = get(urlPathEqualTo(PATH));
            request = i == 0 ? request.withQueryParam("since", absent())
                    : request.withQueryParam("since", equalTo("p" + i));
            server.stubFor(request.willReturn(okJson(body)));
        }
        return url(server);
    }

    /**
     * The feed's answer to {@code since}: these changes and then no more. A test's next run reads from the cursor the
     * last one saved, so this is how it gets a later version of a client (v2 keeps only a client's latest version
     * in the inbox: two versions in one run may reach a vendor as one call).
     */
    public static void after(WireMockServer server, String since, List<String> changes, String next) {
        server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("since", equalTo(since)).willReturn(okJson(
                "{\"changes\":[" + String.join(",", changes) + "],\"next_cursor\":\"" + next
                        + "\",\"has_more\":false}")));
    }

    public static String url(WireMockServer server) {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    /** A valid change document. */
    public static String change(String id, long version, String name, String email, String vendorIds) {
        List<String> fields = new ArrayList<>();
        fields.add("\"id\":\"" + id + "\"");
        fields.add("\"version\":" + version);
        fields.add("\"name\":\"" + name + "\"");
        if (email != null) {
            fields.add("\"email\":\"" + email + "\"");
        }
        fields.add("\"vendor_ids\":" + vendorIds);
        return "{" + String.join(",", fields) + "}";
    }
}
