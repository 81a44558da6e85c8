package io.clientsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.support.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Control calls to the {@link BenchStub} (feed, counters, recording). */
public final class StubClient {
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public StubClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public JsonNode feed(int n, long version) {
        return call("POST", "/_feed?n=" + n + "&version=" + version);
    }

    public JsonNode reset(boolean record) {
        return call("POST", "/_reset?record=" + record);
    }

    public JsonNode stats() {
        return call("GET", "/_stats");
    }

    public JsonNode dump(String file) {
        return call("POST", "/_dump?file=" + java.net.URLEncoder.encode(file, java.nio.charset.StandardCharsets.UTF_8));
    }

    public long calls(JsonNode stats) {
        long sum = 0;
        for (JsonNode n : stats.path("calls")) {
            sum += n.asLong();
        }
        return sum;
    }

    private JsonNode call(String method, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("stub " + path + " answered " + res.statusCode());
            }
            return Json.MAPPER.readTree(res.body());
        } catch (IOException e) {
            throw new IllegalStateException("stub " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
