package io.clientsync.source;

import io.clientsync.config.ConfigException;
import io.clientsync.config.Settings;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SQL source's settings ({@code source.sql.*}), checked at start-up only when {@code source.kinds} names
 * {@code sql}: each mistake is a {@link ConfigException} naming its key (exit code 2).
 *
 * @param mode         incremental (the query orders by a change column, read after the saved cursor) or snapshot
 *                     (the whole result each run, compared with the inbox)
 * @param cursorColumn incremental: the column whose value on the last row of a page is the cursor; null in snapshot
 */
public record SqlSettings(String url, String user, String password, SqlQuery query, Mode mode, String cursorColumn,
                          int fetchSize, int pageSize) {
    public static final String PREFIX = "source.sql.";
    public static final String URL = PREFIX + "url";
    public static final String USER = PREFIX + "user";
    public static final String PASSWORD = PREFIX + "password";
    public static final String QUERY = PREFIX + "query";
    public static final String MODE = PREFIX + "mode";
    public static final String CURSOR_COLUMN = PREFIX + "cursor-column";
    public static final String FETCH_SIZE = PREFIX + "fetch-size";
    private static final Pattern SELECT = Pattern.compile("^\\s*(select|with)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("[?;&:]password=", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public enum Mode { INCREMENTAL, SNAPSHOT }

    public static SqlSettings of(Settings s) {
        String url = s.required(URL);
        if (!url.startsWith("jdbc:")) {
            throw new ConfigException(URL, "must be a JDBC URL (jdbc:postgresql://host/db, jdbc:h2:...)");
        }
        if (PASSWORD_IN_URL.matcher(url).find()) {
            throw new ConfigException(URL, "must not hold the password: set " + PASSWORD + " (as "
                    + Settings.envName(PASSWORD) + ")");
        }
        try {
            DriverManager.getDriver(url); // no connection: a typo in the scheme is caught at start-up
        } catch (SQLException e) {
            throw new ConfigException(URL, "no JDBC driver in client-sync takes this URL (PostgreSQL and H2 are "
                    + "built in)");
        }
        Mode mode = switch (s.optional(MODE).orElse("incremental").toLowerCase(Locale.ROOT)) {
            case "incremental" -> Mode.INCREMENTAL;
            case "snapshot" -> Mode.SNAPSHOT;
            default -> throw new ConfigException(MODE, "must be incremental or snapshot, was '"
                    + s.optional(MODE).orElse("") + "'");
        };
        String text = s.required(QUERY);
        if (!SELECT.matcher(text).find()) {
            throw new ConfigException(QUERY, "must be a SELECT (or WITH ... SELECT)");
        }
        SqlQuery query = SqlQuery.parse(text);
        String cursorColumn = null;
        if (mode == Mode.INCREMENTAL) {
            if (!query.hasCursor()) {
                throw new ConfigException(QUERY, "in incremental mode must read after the saved cursor through the "
                        + "named parameter :cursor (e.g. WHERE updated_at > COALESCE(:cursor, TIMESTAMP "
                        + "'1970-01-01 00:00:00') ORDER BY updated_at)");
            }
            cursorColumn = s.required(CURSOR_COLUMN);
            if (!COLUMN.matcher(cursorColumn).matches()) {
                throw new ConfigException(CURSOR_COLUMN, "must be a column name of the query's result, was '"
                        + cursorColumn + "'");
            }
        } else if (query.hasCursor()) {
            throw new ConfigException(QUERY, "in snapshot mode reads the whole result each run: it takes no :cursor");
        }
        return new SqlSettings(url, s.optional(USER).orElse(null), s.optionalSecret(PASSWORD).orElse(null), query,
                mode, cursorColumn, s.optional(FETCH_SIZE).isPresent() ? s.integer(FETCH_SIZE, 1, 100_000) : 500,
                s.integer("sync.page-size", 1, 10_000));
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "SqlSettings[url=" + url + ", user=" + user + ", mode=" + mode + ", cursorColumn=" + cursorColumn + "]";
    }
}
