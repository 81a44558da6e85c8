package io.clientsync.testing;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** WireMock peers on loopback, as the tests use them. */
public final class Peers {
    private Peers() {
    }

    /** A started WireMock on 127.0.0.1 and a free port. */
    public static WireMockServer wireMock() {
        WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        return wm;
    }

    /** A loopback port nothing listens on now (for a management port in a test). */
    public static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Fatora's token endpoint answers {@code token}. */
    public static void fatoraToken(WireMockServer wm, String token) {
        wm.stubFor(post("/v1/Authorization/Authorize").willReturn(okJson(
                "{\"success\":true,\"bearer_token\":\"" + token + "\"}")));
    }

    /** Fatora gives a token and takes every client update. */
    public static void fatoraAcceptsAll(WireMockServer wm, String token) {
        fatoraToken(wm, token);
        wm.stubFor(put(urlPathMatching("/v1/clients/.*")).willReturn(okJson("{\"status\":\"SUCCESS\"}")));
    }
}
