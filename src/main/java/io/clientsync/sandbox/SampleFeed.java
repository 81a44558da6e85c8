package io.clientsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientsync.support.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The sandbox's sample feed: 50 clients, of which five have no Fatora id (five no TimeLog id, five no Everlytic
 * id) and two are deleted, one client changed
 * twice within a page, and four changes that break the schema (an id with '/', a country that is not ISO,
 * a negative version, a missing name).
 */
public final class SampleFeed {
    public static final int CLIENTS = 50;
    public static final long FATORA_ID_BASE = 1000;
    public static final long PAYMO_ID_BASE = 2000;
    public static final long PAYMO_CONTACTS_ID_BASE = 3000;
    public static final long TIMELOG_ID_BASE = 4000;
    public static final long EVERLYTIC_ID_BASE = 5000;
    /** Industries of the sample clients: Everlytic's own values (two with commas), mapped for TimeLog in Sandbox. */
    public static final List<String> INDUSTRIES = List.of("Hospitality, Travel & Tourism", "Technology & Science",
            "Industry, Trade & Manufacture", "Retail & Wholesale");

    private SampleFeed() {
    }

    public static List<String> changes() {
        return changes(null);
    }

    /** The sample changes; with an image URL, a few contacts carry it as their image_url. */
    public static List<String> changes(String imageUrl) {
        return changes(CLIENTS, imageUrl, true);
    }

    /**
     * {@code clients} sample clients (ids client-001 ...); {@code samples} adds the second version of client 12 and
     * the four invalid changes. Without samples every change is valid: what the reliability soaks feed.
     */
    public static List<String> changes(int clients, String imageUrl, boolean samples) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            out.add(Json.write(withContacts(client(i, 1), i, imageUrl)));
            if (!samples) {
                continue;
            }
            if (i == 12) {
                ObjectNode again = withContacts(client(i, 2), i, imageUrl);
                again.put("phone", "+45 70 00 00 12");
                out.add(Json.write(again));
            }
            switch (i) {
                case 5 -> out.add("{\"id\":\"bad/id\",\"version\":1,\"name\":\"Slash Ltd\"}");
                case 18 -> out.add("{\"id\":\"client-901\",\"version\":1,\"name\":\"Nordic A/S\","
                        + "\"address\":{\"country\":\"Denmark\"}}");
                case 33 -> out.add("{\"id\":\"client-902\",\"version\":-1,\"name\":\"Negative Inc\"}");
                case 47 -> out.add("{\"id\":\"client-903\",\"version\":1,\"email\":\"no-name@example.com\"}");
                default -> { }
            }
        }
        return out;
    }

    public static Set<Long> paymoIds() {
        return paymoIds(CLIENTS);
    }

    public static Set<Long> paymoIds(int clients) {
        return LongStream.rangeClosed(PAYMO_ID_BASE + 1, PAYMO_ID_BASE + clients).boxed().collect(Collectors.toSet());
    }

    public static Set<Long> paymoContactsIds() {
        return paymoContactsIds(CLIENTS);
    }

    public static Set<Long> paymoContactsIds(int clients) {
        return LongStream.rangeClosed(PAYMO_CONTACTS_ID_BASE + 1, PAYMO_CONTACTS_ID_BASE + clients).boxed().collect(Collectors.toSet());
    }

    /**
     * Paymo ids for every client but every tenth (no-id, as for Fatora); one or two contacts per client: the main
     * one, on even clients a second one; every fifth client gives its main contact portal access, every eighth an
     * image (when the sandbox serves one).
     */
    static ObjectNode withContacts(ObjectNode c, int i, String imageUrl) {
        ObjectNode ids = (ObjectNode) c.get("vendor_ids");
        if (i % 10 != 0) {
            ids.put("paymo", PAYMO_ID_BASE + i);
            ids.put("paymo-contacts", PAYMO_CONTACTS_ID_BASE + i);
        }
        var contacts = c.putArray("contacts");
        ObjectNode main = contacts.addObject();
        main.put("id", "main");
        main.put("name", "Contact " + i + " Main");
        main.put("email", "main@client" + i + ".example");
        main.put("phone", "+45 30 00 00 " + String.format("%02d", i));
        main.put("is_main", true);
        if (i % 5 == 0) {
            main.put("portal_access", true);
        }
        if (imageUrl != null && i % 8 == 0) {
            main.put("image_url", imageUrl);
        }
        if (i % 2 == 0) {
            ObjectNode second = contacts.addObject();
            second.put("id", "second");
            second.put("name", "Contact " + i + " Second");
            second.put("mobile", "+45 40 00 00 " + String.format("%02d", i));
            second.put("position", "Accounts");
        }
        return c;
    }

    public static Set<Long> fatoraIds() {
        return fatoraIds(CLIENTS);
    }

    public static Set<Long> fatoraIds(int clients) {
        return LongStream.rangeClosed(FATORA_ID_BASE + 1, FATORA_ID_BASE + clients).boxed().collect(Collectors.toSet());
    }

    public static Set<Long> timelogIds() {
        return timelogIds(CLIENTS);
    }

    public static Set<Long> timelogIds(int clients) {
        return LongStream.rangeClosed(TIMELOG_ID_BASE + 1, TIMELOG_ID_BASE + clients).boxed().collect(Collectors.toSet());
    }

    public static Set<Long> everlyticIds() {
        return everlyticIds(CLIENTS);
    }

    public static Set<Long> everlyticIds(int clients) {
        return LongStream.rangeClosed(EVERLYTIC_ID_BASE + 1, EVERLYTIC_ID_BASE + clients).boxed().collect(Collectors.toSet());
    }

    static ObjectNode client(int i, long version) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("id", String.format("client-%03d", i));
        c.put("version", version);
        if (i == 7 || i == 23) {
            c.put("deleted", true);
        }
        c.put("name", "Client " + i + " ApS");
        c.put("email", "billing@client" + i + ".example");
        c.put("phone", "+45 70 00 00 " + String.format("%02d", i));
        c.put("status", "active");
        ObjectNode address = c.putObject("address");
        address.put("line1", "Havnegade " + i);
        address.put("city", "Copenhagen");
        address.put("postal_code", "1058");
        address.put("country", "DK");
        ObjectNode ids = c.putObject("vendor_ids");
        if (i % 10 != 0) {
            ids.put("fatora", FATORA_ID_BASE + i);
        }
        // timelog and everlytic: every client but a few (no-id), with fields both vendors map
        c.put("industry", INDUSTRIES.get(i % INDUSTRIES.size()));
        c.put("currency", i % 3 == 0 ? "EUR" : "DKK");
        c.put("customer_since", String.format("2020-%02d-15", 1 + i % 12));
        if (i % 10 != 5) {
            ids.put("timelog", TIMELOG_ID_BASE + i);
        }
        if (i % 10 != 9) {
            ids.put("everlytic", EVERLYTIC_ID_BASE + i);
        }
        ObjectNode fields = c.putObject("vendor_fields");
        fields.putObject("everlytic").put("email_quota", 1000 * i);
        // TimeLog's creditor ids are strings: letters, or digits whose leading zeros count
        fields.putObject("timelog").put("CreditorID", i % 2 == 0 ? "CR-" + (1000 + i) : String.format("%06d", i));
        return c;
    }
}
