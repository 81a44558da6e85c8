package io.clientsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.support.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Control calls to the {@link BenchStub} (feed, counters, recording). Through {@link HttpURLConnection}, not the
 * {@code java.net.http} client the baseline measures: a control call made through it between the warm-up and the
 * timed run, with a client set up differently, made the JIT throw away the baseline's compiled client code, and the
 * baseline's timed run spent most of its time compiling it again.
 */
public final class StubClient {
    private final String base;

    public StubClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public JsonNode feed(int n, long version) {
        return feed(n, version, 0);
    }

    /** A feed of changes {@code first+1 .. first+n}. */
    public JsonNode feed(int n, long version, int first) {
        return call("POST", "/_feed?n=" + n + "&version=" + version + "&first=" + first);
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
            HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(120_000);
            int status = c.getResponseCode();
            if (status != 200) {
                throw new IllegalStateException("stub " + path + " answered " + status);
            }
            try (InputStream in = c.getInputStream()) {
                return Json.MAPPER.readTree(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("stub " + path + ": " + e, e);
        }
    }
}
