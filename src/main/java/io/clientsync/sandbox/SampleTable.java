package io.clientsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientsync.support.Json;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code --sandbox --source sql}: the sample changes as rows of an in-memory H2 table, one row per change in feed
 * order (a change log: client 12 has two rows), numbered by an identity column that is the incremental cursor. The
 * nested fields are JSON text, as an engineer's table would hold them. The table lives while the sandbox does.
 */
final class SampleTable implements AutoCloseable {
    static final String QUERY = "SELECT * FROM sample_changes WHERE change_no > COALESCE(:cursor, 0) "
            + "ORDER BY change_no";
    private static final String[] COLUMNS = {"id", "version", "deleted", "name", "email", "phone", "mobile", "fax",
            "website", "nickname", "customer_no", "vat_no", "organization_no", "notes", "status", "industry",
            "currency", "customer_since", "address", "billing_address", "contacts", "vendor_ids", "vendor_fields"};
    private final String url = "jdbc:h2:mem:sandbox-source-" + UUID.randomUUID();
    private final Connection keep;

    SampleTable(List<String> changes) {
        try {
            keep = DriverManager.getConnection(url, "sa", "");
            try (Statement st = keep.createStatement()) {
                st.execute("create table sample_changes (change_no bigint generated always as identity primary key, "
                        + "id varchar(200), version bigint, deleted boolean, name varchar(300), email varchar(320), "
                        + "phone varchar(255), mobile varchar(255), fax varchar(255), website varchar(2048), "
                        + "nickname varchar(255), customer_no varchar(255), vat_no varchar(255), "
                        + "organization_no varchar(255), notes varchar(20000), status varchar(32), "
                        + "industry varchar(255), currency varchar(8), customer_since date, address varchar(4000), "
                        + "billing_address varchar(4000), contacts varchar(100000), vendor_ids varchar(4000), "
                        + "vendor_fields varchar(100000))");
            }
            try (PreparedStatement insert = keep.prepareStatement("insert into sample_changes ("
                    + String.join(", ", COLUMNS) + ") values (" + "?, ".repeat(COLUMNS.length - 1) + "?)")) {
                for (String change : changes) {
                    JsonNode c = Json.MAPPER.readTree(change);
                    for (int i = 0; i < COLUMNS.length; i++) {
                        JsonNode value = c.get(COLUMNS[i]);
                        insert.setObject(i + 1, value == null || value.isNull() ? null
                                : value.isContainerNode() ? Json.write(value)
                                : value.isBoolean() ? value.booleanValue()
                                : value.isIntegralNumber() ? value.longValue() : value.asText());
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot fill the sandbox's sample table", e);
        }
    }

    /** The settings that read the table: the SQL source, incremental by change_no. */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("source.kinds", "sql");
        s.put("source.sql.url", url);
        s.put("source.sql.user", "sa");
        s.put("source.sql.password", "");
        s.put("source.sql.mode", "incremental");
        s.put("source.sql.query", QUERY);
        s.put("source.sql.cursor-column", "change_no");
        return s;
    }

    @Override
    public void close() throws SQLException {
        keep.close(); // the last connection: H2 drops the in-memory database
    }
}
