package io.clientsync.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The JDBC state store: a pooled DataSource on H2 or PostgreSQL, migrated by Flyway at start. */
public final class StateStore implements AutoCloseable {
    public enum Dialect { H2, POSTGRES }

    static {
        // H2 hashes every string it binds or reads to share equal values in a cache of its own: a change's JSON is
        // long and never repeats, so that was a tenth of the inbox's H2 time for nothing. Set before H2's
        // SysProperties loads (it reads it once); a value given on the command line is kept.
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
    }

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    public StateStore(String url, String user, String password, int poolSize) {
        this.dialect = dialectOf(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(durable(url));
        if (user != null && !user.isEmpty()) {
            config.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("client-sync-state");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        this.dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /**
     * An H2 file store writes each commit to its file at once ({@code WRITE_DELAY=0}). H2's default keeps commits in
     * memory for up to half a second, and a killed process lost them (0 of 100 committed rows survived a halt right
     * after): a settled page would be delivered again and, worse, a Paymo contact id written "at once" could be
     * lost and the contact created twice. A WRITE_DELAY given in the URL is kept.
     */
    static String durable(String url) {
        if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
            return url + ";WRITE_DELAY=0";
        }
        return url;
    }

    public static Dialect dialectOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return Dialect.H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRES;
        }
        throw new IllegalArgumentException("only jdbc:h2: and jdbc:postgresql: URLs are supported");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** A cheap round trip, for the health check. */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
