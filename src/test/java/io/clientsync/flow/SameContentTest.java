package io.clientsync.flow;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.clientsync.delivery.RunStats;
import io.clientsync.state.Ledger;
import io.clientsync.state.LedgerEntry;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.Peers;
import io.clientsync.testing.SyncTestApp;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * sync.skip-same-content: a change whose content is the same as at its last delivery is counted unchanged without
 * entering the vendor's route: by the inbox, which raises the row's version in place, or when the row was replaced
 * for another reason (here: another vendor joins) at batch open, by the ledger's input hash; anything that could
 * change the payload (another field, a vendor setting) maps it again.
 */
class SameContentTest {
    private WireMockServer wm;
    private final String store = SyncTestApp.memoryStore();

    @BeforeEach
    void start() {
        wm = Peers.wireMock();
        Peers.fatoraAcceptsAll(wm, "same-token");
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("source.url", FeedStub.url(wm), "vendors.enabled", "fatora",
                "state.url", store, "vendor.fatora.base-url", wm.baseUrl() + "/v1",
                "vendor.fatora.api-key", "same-key-1", "sync.page-size", "2"));
        s.putAll(extra);
        return s;
    }

    /**
     * Three clients at this version on two pages, the same content every time; c3 optionally with another name.
     * Each version's pages follow the cursor the run before saved (v1 starts without one).
     */
    private void feed(long version, String nameOfC3) {
        List<List<String>> pages = List.of(
                List.of(FeedStub.change("c1", version, "Client 1", "c1@x.dk", "{\"fatora\":101}"),
                        FeedStub.change("c2", version, "Client 2", "c2@x.dk", "{\"fatora\":102}")),
                List.of(FeedStub.change("c3", version, nameOfC3, "c3@x.dk", "{\"fatora\":103}")));
        for (int i = 0; i < pages.size(); i++) {
            String since = i == 0 ? (version == 1 ? null : "v" + (version - 1) + "-2") : "v" + version + "-" + i;
            var request = get(urlPathEqualTo(FeedStub.PATH)).withQueryParam("since",
                    since == null ? absent() : equalTo(since));
            wm.stubFor(request.willReturn(okJson("{\"changes\":[" + String.join(",", pages.get(i))
                    + "],\"next_cursor\":\"v" + version + "-" + (i + 1) + "\",\"has_more\":"
                    + (i < pages.size() - 1) + "}")));
        }
    }

    /** A run, counting the changes that entered the vendor's per-change route (mapping and compare). */
    private Run run(Map<String, String> extra) {
        wm.resetRequests();
        try (SyncTestApp app = SyncTestApp.start(settings(extra))) {
            AtomicInteger entered = new AtomicInteger();
            EventNotifierSupport counter = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.ExchangeSendingEvent sending
                            && sending.getEndpoint().getEndpointUri().startsWith("direct://fatora-delivery")) {
                        entered.incrementAndGet();
                    }
                }
            };
            app.camel().getManagementStrategy().addEventNotifier(counter);
            counter.start();
            RunStats stats = app.runOnce();
            Ledger ledger = app.bean("ledger", Ledger.class);
            return new Run(stats, entered.get(), ledger.load(List.of("fatora"), List.of("c1", "c2", "c3")));
        }
    }

    private record Run(RunStats stats, int entered, Map<String, LedgerEntry> ledger) {
        LedgerEntry row(String client) {
            return ledger.get(Ledger.key("fatora", client));
        }
    }

    @Test
    void theSameContentAtAHigherVersionIsUnchangedWithoutEnteringTheVendorsRoute() {
        feed(1, "Client 3");
        Run first = run(Map.of());
        assertThat(first.stats().count("fatora", "delivered")).isEqualTo(3);
        assertThat(first.entered()).isEqualTo(3);
        assertThat(first.row("c1").inputHash()).isNotBlank();

        feed(2, "Client 3 renamed");
        Run second = run(Map.of());
        assertThat(second.stats().unchanged()).as("the inbox raised c1 and c2 in place: " + second.stats().summary())
                .isEqualTo(2);
        assertThat(second.stats().count("fatora", "unchanged")).as("Fatora never read them again").isZero();
        assertThat(second.stats().count("fatora", "delivered")).isEqualTo(1);
        assertThat(second.entered()).as("only the renamed client is mapped").isEqualTo(1);
        wm.verify(1, putRequestedFor(anyUrl()));
        assertThat(second.row("c1").version()).as("an unchanged skip writes no version").isEqualTo(1);
        assertThat(second.row("c3").version()).isEqualTo(2);
        assertThat(second.row("c3").inputHash()).isNotEqualTo(first.row("c3").inputHash());

        feed(3, "Client 3 renamed");
        Run off = run(Map.of("sync.skip-same-content", "false"));
        assertThat(off.stats().unchanged()).as("no content hash: every row replaced").isZero();
        assertThat(off.stats().count("fatora", "unchanged")).isEqualTo(3);
        assertThat(off.entered()).as("switched off, every change is mapped and compared").isEqualTo(3);
        wm.verify(0, putRequestedFor(anyUrl()));
    }

    @Test
    void aChangedVendorSettingMapsOnceMoreAndKeepsTheNewHash() {
        feed(1, "Client 3");
        Run first = run(Map.of());

        feed(2, "Client 3");
        Run changed = run(Map.of("vendor.fatora.token-margin-ms", "30000"));
        assertThat(changed.entered()).as("another setting: mapped and compared").isEqualTo(3);
        assertThat(changed.stats().count("fatora", "unchanged")).isEqualTo(3);
        wm.verify(0, putRequestedFor(anyUrl()));
        assertThat(changed.row("c1").version()).isEqualTo(1);
        assertThat(changed.row("c1").inputHash()).as("refreshed at settle").isNotEqualTo(first.row("c1").inputHash());

        // Everlytic joins (the rows' content hashes cover the enabled vendors, so the inbox replaces them): Fatora
        // reads them again and decides them at batch open, by the hashes refreshed above.
        feed(3, "Client 3");
        Run again = run(Map.of("vendor.fatora.token-margin-ms", "30000", "vendors.enabled", "fatora,everlytic",
                "vendor.everlytic.base-url", wm.baseUrl() + "/api/2.0", "vendor.everlytic.username", "same-user",
                "vendor.everlytic.api-key", "same-key-3"));
        assertThat(again.stats().unchanged()).isZero();
        assertThat(again.entered()).as("decided at batch open by the refreshed hash").isZero();
        assertThat(again.stats().count("fatora", "unchanged")).isEqualTo(3);
        assertThat(again.stats().count("everlytic", "no-id")).as("the feed has no Everlytic ids (Everlytic, new, may "
                + "read the v2 rows before the source replaces them)").isBetween(3L, 6L);
        wm.verify(0, putRequestedFor(anyUrl()));
    }

    @Test
    void aNewCredentialIsNotPartOfTheHash() {
        feed(1, "Client 3");
        run(Map.of());
        feed(2, "Client 3");
        Run rotated = run(Map.of("vendor.fatora.api-key", "same-key-2"));
        assertThat(rotated.entered()).as("a credential changes no payload, and no digest of it is stored").isZero();
        assertThat(rotated.stats().unchanged()).as("the inbox's content hashes hold: " + rotated.stats().summary())
                .isEqualTo(3);
    }
}
