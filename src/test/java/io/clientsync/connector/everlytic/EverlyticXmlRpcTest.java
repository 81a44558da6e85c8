package io.clientsync.connector.everlytic;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.clientsync.delivery.RunStats;
import io.clientsync.delivery.VendorHealth;
import io.clientsync.state.DeadLetter;
import io.clientsync.testing.FeedStub;
import io.clientsync.testing.SyncTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.clientsync.connector.everlytic.EverlyticDeliveryTest.BASIC;
import static io.clientsync.connector.everlytic.EverlyticDeliveryTest.KEY;
import static io.clientsync.connector.everlytic.EverlyticDeliveryTest.USER;
import static org.assertj.core.api.Assertions.assertThat;

/** Everlytic over XML-RPC through the real routes: the methodCall (parsed back here), int answers and faults. */
class EverlyticXmlRpcTest {
    private static final String ENDPOINT = "/api/xmlrpc";
    private static final String INT_ANSWER = "<?xml version=\"1.0\"?><methodResponse><params><param><value>"
            + "<int>1</int></value></param></params></methodResponse>";
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

    private SyncTestApp app(String feedUrl, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("source.url", feedUrl, "vendors.enabled", "everlytic",
                "vendor.everlytic.transport", "xmlrpc", "vendor.everlytic.xmlrpc-url", wm.baseUrl() + ENDPOINT,
                "vendor.everlytic.xmlrpc-method", "customers.UpdateCustomer",
                "vendor.everlytic.username", USER, "vendor.everlytic.api-key", KEY));
        s.putAll(extra);
        return SyncTestApp.start(s);
    }

    /** Name and address with markup characters and non-ASCII letters. */
    private static String trickyChange(long version, String phone) {
        return "{\"id\":\"c-7\",\"version\":" + version + ",\"name\":\"Smørrebrød <Bar> & Søn\","
                + "\"email\":\"ø@example.dk\",\"phone\":\"" + phone + "\",\"industry\":\"Lifestyle, Arts & Entertainment\","
                + "\"address\":{\"line1\":\"Åboulevard 3 </string>\",\"country\":\"DK\"},"
                + "\"vendor_fields\":{\"everlytic\":{\"email_quota\":1000}},\"vendor_ids\":{\"everlytic\":77}}";
    }

    record Call(String method, int id, Map<String, String[]> members) {
    }

    /** Parses a methodCall with the JDK's DOM parser: method, int id, struct members as {type, text}. */
    static Call parse(LoggedRequest request) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(request.getBody()));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("methodCall");
        String method = root.getElementsByTagName("methodName").item(0).getTextContent();
        NodeList params = ((Element) root.getElementsByTagName("params").item(0)).getElementsByTagName("param");
        assertThat(params.getLength()).isEqualTo(2);
        Element first = (Element) params.item(0);
        int id = Integer.parseInt(first.getElementsByTagName("int").item(0).getTextContent());
        Map<String, String[]> members = new LinkedHashMap<>();
        NodeList list = ((Element) params.item(1)).getElementsByTagName("member");
        for (int i = 0; i < list.getLength(); i++) {
            Element m = (Element) list.item(i);
            String name = m.getElementsByTagName("name").item(0).getTextContent();
            Element value = (Element) m.getElementsByTagName("value").item(0);
            Element typed = null;
            for (var n = value.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    typed = e;
                }
            }
            members.put(name, new String[]{typed.getTagName(), typed.getTextContent()});
        }
        return new Call(method, id, members);
    }

    @Test
    void firstDeliveryPostsAMethodCallWithEveryValueEscaped() throws Exception {
        wm.stubFor(post(ENDPOINT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody(INT_ANSWER)));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(trickyChange(1, "+45 1")))), Map.of())) {
            RunStats stats = app.runOnce();
            assertThat(stats.count("everlytic", "delivered")).isEqualTo(1);
            assertThat(stats.deadLettered()).isZero();
        }
        wm.verify(1, postRequestedFor(urlEqualTo(ENDPOINT)).withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", containing("text/xml")));
        wm.verify(0, putRequestedFor(anyUrl()));
        LoggedRequest request = wm.findAll(postRequestedFor(urlEqualTo(ENDPOINT))).get(0);
        String raw = request.getBodyAsString();
        assertThat(raw).contains("&lt;Bar&gt;").contains("&amp;").doesNotContain("<Bar>");
        Call call = parse(request);
        assertThat(call.method()).isEqualTo("customers.UpdateCustomer");
        assertThat(call.id()).isEqualTo(77);
        assertThat(call.members().keySet()).containsExactly("name", "email", "address", "country", "telephone",
                "industry", "unique_id", "email_quota");
        assertThat(call.members().get("name")).containsExactly("string", "Smørrebrød <Bar> & Søn");
        assertThat(call.members().get("email")).containsExactly("string", "ø@example.dk");
        assertThat(call.members().get("address")).containsExactly("string", "Åboulevard 3 </string>");
        assertThat(call.members().get("industry")).containsExactly("string", "Lifestyle, Arts & Entertainment");
        assertThat(call.members().get("country")).containsExactly("string", "DK");
        assertThat(call.members().get("unique_id")).containsExactly("string", "c-7");
        assertThat(call.members().get("email_quota")).containsExactly("int", "1000");
    }

    @Test
    void anUpdateCarriesNameEmailAndTheChangedFieldOnly() throws Exception {
        wm.stubFor(post(ENDPOINT).willReturn(aResponse().withStatus(200).withBody(INT_ANSWER)));
        FeedStub.after(wm, "p1", List.of(trickyChange(2, "+45 9 & 8")), "p2"); // v2 in the next run
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(trickyChange(1, "+45 1")))), Map.of())) {
            assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
            assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
        }
        List<LoggedRequest> posts = wm.findAll(postRequestedFor(urlEqualTo(ENDPOINT)));
        assertThat(posts).hasSize(2);
        Call update = parse(posts.get(1));
        assertThat(update.id()).isEqualTo(77);
        assertThat(update.members().keySet()).containsExactly("name", "email", "telephone");
        assertThat(update.members().get("telephone")).containsExactly("string", "+45 9 & 8");
    }

    @Test
    void aFaultIsPermanentWithItsCodeAndString() {
        wm.stubFor(post(ENDPOINT).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><fault><value><struct>"
                        + "<member><name>faultCode</name><value><int>4</int></value></member>"
                        + "<member><name>faultString</name><value><string>Kunde &lt;77&gt; ukendt &amp; "
                        + "afvist – æøå</string></value></member></struct></value></fault></methodResponse>")));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(trickyChange(1, "+45 1")))), Map.of())) {
            assertThat(app.runOnce().count("everlytic", "dead-lettered")).isEqualTo(1);
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("refused");
            assertThat(d.vendorCode()).isEqualTo("4");
            assertThat(d.httpStatus()).isEqualTo(200);
            assertThat(d.message()).contains("Kunde <77> ukendt & afvist – æøå");
            assertThat(d.attempts()).isEqualTo(1);
        }
        wm.verify(1, postRequestedFor(urlEqualTo(ENDPOINT)));
    }

    @Test
    void serverErrorsAndNoAnswerAreTransientThenTheIntAnswerDelivers() {
        wm.stubFor(post(ENDPOINT).inScenario("x").whenScenarioStateIs(STARTED)
                .willReturn(status(502)).willSetStateTo("a"));
        wm.stubFor(post(ENDPOINT).inScenario("x").whenScenarioStateIs("a")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("b"));
        wm.stubFor(post(ENDPOINT).inScenario("x").whenScenarioStateIs("b")
                .willReturn(aResponse().withStatus(200).withBody(INT_ANSWER)));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(trickyChange(1, "+45 1")))), Map.of())) {
            assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
            assertThat(app.deadLetters()).isEmpty();
        }
        wm.verify(3, postRequestedFor(urlEqualTo(ENDPOINT)));
    }

    @Test
    void persistent500IsExhaustedAfterTheRetries() {
        wm.stubFor(post(ENDPOINT).willReturn(status(500)));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(trickyChange(1, "+45 1")))),
                Map.of("vendor.everlytic.max-redeliveries", "1"))) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("exhausted");
            assertThat(d.attempts()).isEqualTo(2);
        }
        wm.verify(2, postRequestedFor(urlEqualTo(ENDPOINT)));
    }

    @Test
    void a401IsPermanentAndMarksEverlyticDown() {
        wm.stubFor(post(ENDPOINT).willReturn(status(401)));
        try (SyncTestApp app = app(FeedStub.pages(wm, List.of(List.of(trickyChange(1, "+45 1")))), Map.of())) {
            app.runOnce();
            DeadLetter d = app.deadLetters().get(0);
            assertThat(d.reason()).isEqualTo("auth");
            assertThat(app.bean("vendorHealth", VendorHealth.class).problem("everlytic")).isPresent();
        }
        wm.verify(1, postRequestedFor(urlEqualTo(ENDPOINT)));
    }

    @Test
    void theDefaultMethodNameIsUpdateCustomer() throws Exception {
        wm.stubFor(post(ENDPOINT).willReturn(aResponse().withStatus(200).withBody(INT_ANSWER)));
        Map<String, String> s = new HashMap<>(Map.of("source.url",
                FeedStub.pages(wm, List.of(List.of(trickyChange(1, "1")))), "vendors.enabled", "everlytic",
                "vendor.everlytic.transport", "xmlrpc", "vendor.everlytic.xmlrpc-url", wm.baseUrl() + ENDPOINT,
                "vendor.everlytic.username", USER, "vendor.everlytic.api-key", KEY));
        try (SyncTestApp app = SyncTestApp.start(s)) {
            assertThat(app.runOnce().count("everlytic", "delivered")).isEqualTo(1);
        }
        assertThat(parse(wm.findAll(postRequestedFor(urlEqualTo(ENDPOINT))).get(0)).method())
                .isEqualTo("UpdateCustomer");
    }
}
