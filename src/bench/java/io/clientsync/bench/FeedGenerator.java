package io.clientsync.bench;

/**
 * The benchmark's changes, made from their number alone (nothing is held per change): a client with the usual
 * fields, an address, one contact and an id for every one of the five vendors, about 700 bytes of JSON. Change
 * {@code i} of any version has the same content, so a feed of a higher version is "unchanged" for every vendor.
 */
public final class FeedGenerator {
    private FeedGenerator() {
    }

    public static String id(int i) {
        return "client-" + i;
    }

    public static void change(StringBuilder sb, int i, long version) {
        sb.append("{\"id\":\"client-").append(i).append("\",\"version\":").append(version)
                .append(",\"name\":\"Client ").append(i).append(" ApS\"")
                .append(",\"email\":\"billing@client").append(i).append(".example\"")
                .append(",\"phone\":\"+45 70 ").append(10_000_000 + i % 90_000_000).append('"')
                .append(",\"website\":\"https://client").append(i).append(".example\"")
                .append(",\"customer_no\":\"C-").append(i).append('"')
                .append(",\"vat_no\":\"DK").append(10_000_000 + i % 90_000_000).append('"')
                .append(",\"status\":\"active\",\"industry\":\"Retail & Wholesale\",\"currency\":\"DKK\"")
                .append(",\"customer_since\":\"2021-03-15\"")
                .append(",\"notes\":\"Key account ").append(i).append(", invoices monthly\"")
                .append(",\"address\":{\"line1\":\"Vestergade ").append(i % 200 + 1)
                .append("\",\"city\":\"Aarhus\",\"postal_code\":\"8000\",\"country\":\"DK\"}")
                .append(",\"contacts\":[{\"id\":\"contact-").append(i).append("\",\"name\":\"Anna Jensen\"")
                .append(",\"email\":\"anna@client").append(i).append(".example\",\"phone\":\"+45 20 00 00 00\"")
                .append(",\"is_main\":true}]")
                .append(",\"vendor_ids\":{\"fatora\":").append(1_000_000 + i)
                .append(",\"paymo\":").append(2_000_000 + i)
                .append(",\"paymo-contacts\":").append(3_000_000 + i)
                .append(",\"timelog\":").append(4_000_000 + i)
                .append(",\"everlytic\":\"").append(5_000_000 + i).append("\"}}");
    }

    /** One feed page of changes {@code from+1 .. from+count} (for the JMH benchmarks). */
    public static String page(int from, int count, long version) {
        StringBuilder sb = new StringBuilder("{\"changes\":[");
        for (int i = from + 1; i <= from + count; i++) {
            if (i > from + 1) {
                sb.append(',');
            }
            change(sb, i, version);
        }
        return sb.append("],\"next_cursor\":\"x\",\"has_more\":false}").toString();
    }
}
