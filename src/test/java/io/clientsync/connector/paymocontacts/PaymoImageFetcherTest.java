package io.clientsync.connector.paymocontacts;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Image fetch caps (size, time) and the content check by magic bytes. */
class PaymoImageFetcherTest {
    private static final byte[] PNG = PaymoContactsDeliveryTest.PNG;
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void jpegPngAndGifAreKnownByTheirFirstBytesAndNothingElseIs() throws Exception {
        assertThat(PaymoImageFetcher.classify(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}).mediaType())
                .isEqualTo("image/jpeg");
        assertThat(PaymoImageFetcher.classify(PNG).mediaType()).isEqualTo("image/png");
        assertThat(PaymoImageFetcher.classify("GIF89a....".getBytes()).mediaType()).isEqualTo("image/gif");
        assertThat(PaymoImageFetcher.classify("GIF87a....".getBytes()).mediaType()).isEqualTo("image/gif");
        assertThatThrownBy(() -> PaymoImageFetcher.classify("<svg></svg>".getBytes()))
                .isInstanceOf(PaymoImageFetcher.BadImageException.class);
        assertThatThrownBy(() -> PaymoImageFetcher.classify(new byte[0]))
                .isInstanceOf(PaymoImageFetcher.BadImageException.class);
    }

    @Test
    void aPngWithinTheCapsIsFetched() throws Exception {
        wm.stubFor(get("/a.png").willReturn(aResponse().withBody(PNG)));
        var image = new PaymoImageFetcher(1024, Duration.ofSeconds(2)).fetch(wm.baseUrl() + "/a.png");
        assertThat(image.bytes()).isEqualTo(PNG);
        assertThat(image.mediaType()).isEqualTo("image/png");
    }

    @Test
    void anImageOverTheSizeCapIsRefused() {
        wm.stubFor(get("/big.png").willReturn(aResponse().withBody(PNG)));
        assertThatThrownBy(() -> new PaymoImageFetcher(10, Duration.ofSeconds(2)).fetch(wm.baseUrl() + "/big.png"))
                .isInstanceOf(PaymoImageFetcher.BadImageException.class).hasMessageContaining("10");
    }

    @Test
    void aSlowImageIsRefusedAtTheTimeCap() {
        wm.stubFor(get("/slow.png").willReturn(aResponse().withBody(PNG).withFixedDelay(3000)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> new PaymoImageFetcher(1024, Duration.ofMillis(300)).fetch(wm.baseUrl()
                + "/slow.png")).isInstanceOf(PaymoImageFetcher.BadImageException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void onlyHttpUrlsAndOkAnswersAreUsed() {
        wm.stubFor(get("/gone.png").willReturn(notFound()));
        PaymoImageFetcher fetcher = new PaymoImageFetcher(1024, Duration.ofSeconds(2));
        assertThatThrownBy(() -> fetcher.fetch("file:///etc/passwd"))
                .isInstanceOf(PaymoImageFetcher.BadImageException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> fetcher.fetch(wm.baseUrl() + "/gone.png"))
                .isInstanceOf(PaymoImageFetcher.BadImageException.class).hasMessageContaining("404");
    }
}
