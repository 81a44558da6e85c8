package io.clientsync.source;

import io.clientsync.testing.Postgres;
import io.clientsync.testing.SyncTestApp;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A client table in a source database, H2 or a real PostgreSQL, as an engineer would have it: nested fields as JSON
 * text (jsonb for vendor_ids on PostgreSQL), a change column {@code updated_at}.
 */
record SourceTable(String url, String user, String password, boolean postgres) {
    static final LocalDateTime T0 = LocalDateTime.of(2026, 1, 1, 0, 0);
    static final String INCREMENTAL = "SELECT id, version, name, email, address, vendor_ids, updated_at "
            + "FROM crm_clients WHERE updated_at > COALESCE(:cursor, TIMESTAMP '1970-01-01 00:00:00') "
            + "ORDER BY updated_at";
    static final String SNAPSHOT = "SELECT id, name, email, address, vendor_ids FROM crm_clients ORDER BY id";

    static SourceTable inH2() {
        return create(new SourceTable("jdbc:h2:mem:source-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "",
                false));
    }

    static SourceTable inPostgres() {
        return create(new SourceTable(Postgres.freshDatabase(), "postgres", "", true)); // trust: no password
    }

    private static SourceTable create(SourceTable t) {
        t.exec("create table crm_clients (id varchar(64) not null primary key, version bigint, name varchar(255), "
                + "email varchar(320), address " + (t.postgres ? "text" : "varchar(4000)") + ", vendor_ids "
                + (t.postgres ? "jsonb" : "varchar(4000)") + ", updated_at timestamp not null)");
        return t;
    }

    /** A client row changed {@code second} seconds after T0; address as JSON text or null. */
    void put(String id, long version, String name, String email, String address, int fatoraId, long second) {
        exec("delete from crm_clients where id = '" + id + "'");
        exec("insert into crm_clients values (" + text(id) + ", " + version + ", " + text(name) + ", " + text(email)
                + ", " + text(address) + ", " + text("{\"fatora\": " + fatoraId + "}") + ", TIMESTAMP '"
                + T0.plusSeconds(second).toString().replace('T', ' ') + "')");
    }

    void exec(String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The settings of an app that reads this table (and delivers to Fatora at {@code fatoraUrl}). */
    Map<String, String> settings(String mode, String query, String fatoraUrl) {
        Map<String, String> s = new HashMap<>();
        s.put("source.kinds", "sql");
        s.put("source.sql.url", url);
        s.put("source.sql.user", user);
        s.put("source.sql.password", password);
        s.put("source.sql.mode", mode);
        s.put("source.sql.query", query);
        s.put("source.sql.cursor-column", "updated_at");
        s.put("vendors.enabled", "fatora");
        s.put("vendor.fatora.base-url", fatoraUrl);
        s.put("vendor.fatora.api-key", "sql-key-1");
        s.put("state.url", postgres ? Postgres.freshDatabase() : SyncTestApp.memoryStore());
        return s;
    }

    private static String text(String value) {
        return value == null ? "null" : "'" + value.replace("'", "''") + "'";
    }
}
